import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { namesOf, parseArgs } from '../../scripts/new-resource';

/**
 * `npm run new-resource` in a temporary copy of the repository: a kind of a new module, scaffolded,
 * type-checks with nothing else edited, and appears in the regenerated reference and the registry.
 */
jest.setTimeout(600_000);

const REPO = path.resolve(__dirname, '..', '..');
let copy: string;

beforeAll(() => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-scaffold-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const f of files) {
    if (!fs.existsSync(path.join(REPO, f))) continue; // deleted in the working tree
    fs.mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
    fs.copyFileSync(path.join(REPO, f), path.join(copy, f));
  }
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
});

afterAll(() => {
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

test('the arguments are a catalogue key and an API path, or a usage message', () => {
  expect(parseArgs(['queues.Widget', '/queues/widgets'])).toEqual({ module: 'queues', kind: 'Widget', path: '/queues/widgets' });
  for (const bad of [[], ['Widget', '/w'], ['containers.widget', '/w'], ['containers.Widget', 'widgets']]) {
    expect(() => parseArgs(bad)).toThrow(/usage: npm run new-resource -- <module>\.<Kind> <path>/);
  }
  expect(namesOf({ module: 'messaging', kind: 'RabbitMQ', path: '/x' })).toMatchObject({
    KEY: 'messaging.RabbitMQ',
    FILE: 'rabbitmq',
    TYPE: 'RABBITMQ',
  });
});

test('a scaffolded kind of a new module type-checks, is registered once and is in the reference', () => {
  const node = path.join(REPO, 'node_modules', 'node', 'bin', 'node');
  const runner = fs.existsSync(node) ? node : process.execPath;
  const out = execFileSync(
    runner,
    [require.resolve('ts-node/dist/bin'), '--transpile-only', 'scripts/new-resource.ts', 'queues.Widget', '/queues/widgets'],
    { cwd: copy, encoding: 'utf8' },
  );
  expect(out).toContain('wrote sdk/resources/widget.ts');
  for (const f of ['sdk/resources/widget.ts', 'emulator/resources/widget.ts', 'test/emulator/widget.test.ts', 'examples/kinds/widget.ts'])
    expect(fs.existsSync(path.join(copy, f))).toBe(true);
  // The whole repository, the new files included, type-checks as written, and is in the repository's format.
  execFileSync(runner, [require.resolve('@biomejs/biome/bin/biome'), 'format', '.'], { cwd: copy, encoding: 'utf8', stdio: 'pipe' });
  execFileSync(runner, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', '.'], { cwd: copy, encoding: 'utf8' });
  const reference = fs.readFileSync(path.join(copy, 'docs', 'reference.md'), 'utf8');
  expect(reference).toContain('## queues.Widget');
  expect(reference).toContain('API path `/queues/widgets`, action resourceType `WIDGET`');
  const index = fs.readFileSync(path.join(copy, 'sdk', 'resources', 'index.ts'), 'utf8');
  expect(index.match(/^ {2}widget,$/gm)).toHaveLength(1);
  expect(fs.readFileSync(path.join(copy, 'provider', 'index.ts'), 'utf8')).toContain('export const queues = moduleClasses.queues;');
  expect(fs.readFileSync(path.join(copy, 'native', 'index.ts'), 'utf8')).toContain('export const queues = modules.queues;');
  expect(fs.readFileSync(path.join(copy, 'docs', 'resources.md'), 'utf8')).toMatch(/## queues\.Widget\n[\s\S]*\n## Lookups/);
  const schema = execFileSync(
    runner,
    [require.resolve('ts-node/dist/bin'), '--transpile-only', '-e', 'process.stdout.write(require("./native/schema").renderSchema())'],
    { cwd: copy, encoding: 'utf8' },
  );
  expect(Object.keys(JSON.parse(schema).resources)).toContain('itcare:queues:Widget');
  // A second run refuses: the kind is declared.
  expect(() =>
    execFileSync(
      runner,
      [require.resolve('ts-node/dist/bin'), '--transpile-only', 'scripts/new-resource.ts', 'queues.Widget', '/queues/widgets'],
      { cwd: copy, stdio: 'pipe' },
    ),
  ).toThrow(/exists already/);
});
