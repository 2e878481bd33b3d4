import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ValidationCache, pulumiAncestor, pulumiRun } from '../../provider/validationCache';

describe('validation cache', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-vc-'));
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));
  const run = (r: string, project = 'shop', ttlMs?: number) => new ValidationCache({ base, scope: { project, run: r }, ttlMs });

  it('is shared by the provider processes of one run, through files holding only hashes', () => {
    run('100-1').add('g1', 'abc123');
    const update = run('100-1'); // the update process of the same `pulumi up`
    expect(update.has('g1', 'abc123')).toBe(true);
    expect(update.has('g1', 'other')).toBe(false);
    expect(fs.readdirSync(path.join(base, 'shop-100-1'))).toEqual(['g1.abc123']);
    expect(fs.readFileSync(path.join(base, 'shop-100-1', 'g1.abc123'), 'utf8')).toBe('');
  });

  it('is not seen by a later command, nor by another project', () => {
    run('200-1').add('g1', 'k');
    expect(run('201-5').has('g1', 'k')).toBe(false);
    expect(run('200-1', 'blog').has('g1', 'k')).toBe(false);
  });

  it('without a run, records stay in the process', () => {
    const alone = new ValidationCache({ base, scope: { project: 'shop' } });
    alone.add('g1', 'k');
    expect(alone.has('g1', 'k')).toBe(true);
    expect(new ValidationCache({ base, scope: { project: 'shop' } }).has('g1', 'k')).toBe(false);
    alone.add('g2', 'k');
    alone.forget('g1');
    expect([alone.has('g1', 'k'), alone.has('g2', 'k')]).toEqual([false, true]);
  });

  it("names the run's directory after the project and the run, made safe for a path", () => {
    new ValidationCache({ base, scope: { project: 'my shop/v2', run: '500-1' } }).add('g', 'k');
    new ValidationCache({ base, scope: { run: '501-1' } }).add('g', 'k');
    expect(['my_shop_v2-500-1', 'project-501-1'].map((d) => fs.existsSync(path.join(base, d, 'g.k')))).toEqual([true, true]);
  });

  it('forgets a group at once, in this process and for the other process of the run', () => {
    const preview = run('300-1');
    preview.add('name1', 'create-a');
    preview.add('name2', 'create-b');
    const update = run('300-1');
    update.forget('name1');
    expect(update.has('name1', 'create-a')).toBe(false);
    expect(run('300-1').has('name1', 'create-a')).toBe(false);
    expect(run('300-1').has('name2', 'create-b')).toBe(true);
    preview.forget('name2');
    expect(preview.has('name2', 'create-b')).toBe(false);
  });

  it('forgets records older than its lifetime, and prunes directories of old runs', () => {
    run('400-1').add('g', 'old');
    const past = new Date(Date.now() - 6 * 60_000);
    fs.utimesSync(path.join(base, 'shop-400-1', 'g.old'), past, past);
    expect(run('400-1', 'shop', 5 * 60_000).has('g', 'old')).toBe(false);
    fs.utimesSync(path.join(base, 'shop-400-1'), past, past);
    run('401-1', 'shop', 5 * 60_000).add('g', 'new');
    expect(fs.existsSync(path.join(base, 'shop-400-1'))).toBe(false);
    expect(fs.existsSync(path.join(base, 'shop-401-1', 'g.new'))).toBe(true);
  });
});

/**
 * Real process trees: a process named `pulumi` (node, started through a link of that name, as the
 * CLI is) starting a shell that starts node, as the CLI starts pulumi-resource-pulumi-nodejs.
 */
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-run-'));
const fakeCli = path.join(runDir, 'pulumi');
fs.symlinkSync(process.execPath, fakeCli);
afterAll(() => fs.rmSync(runDir, { recursive: true, force: true }));

const MODULE = JSON.stringify(path.resolve(__dirname, '../../dist/provider/validationCache.js'));
/** What pulumiRun() says in a grandchild of a `pulumi` process: two provider processes of one command. */
function providerRunsUnderOneCli(): string[] {
  const provider = `node -e 'console.log(require(${MODULE}).pulumiRun())'`;
  const cli = `const {execSync} = require('child_process'); for (let i = 0; i < 2; i++) process.stdout.write(execSync(${JSON.stringify(`sh -c "${provider.replace(/"/g, '\\"')}"`)}));`;
  return execFileSync(fakeCli, ['-e', cli], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` },
  })
    .trim()
    .split('\n');
}

describe('pulumiRun: the pulumi command a provider process serves', () => {
  it('names the same run for the provider processes of one command, another for the next command', () => {
    const first = providerRunsUnderOneCli();
    expect(first).toHaveLength(2);
    expect(first[0]).toMatch(/^\d+-\d+$/);
    expect(first[1]).toBe(first[0]);
    const second = providerRunsUnderOneCli();
    expect(second[0]).not.toBe(first[0]);
  });

  it('is undefined without a pulumi ancestor', () => {
    expect(pulumiRun()).toBeUndefined();
  });
});

describe('pulumiAncestor, read in this process from a live tree: pulumi → node', () => {
  let cli: ReturnType<typeof spawn>;
  let child: number;
  beforeAll(async () => {
    const sleeper = `console.log(process.pid); setTimeout(() => {}, 60000)`;
    cli = spawn(
      fakeCli,
      [
        '-e',
        `require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(sleeper)}], { stdio: 'inherit' }); setTimeout(() => {}, 60000)`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    child = Number(await new Promise<string>((resolve) => cli.stdout!.once('data', (b: Buffer) => resolve(String(b).trim()))));
  });
  afterAll(() => {
    try {
      process.kill(child);
    } catch {
      /* gone */
    }
    cli.kill();
  });

  it('finds the pulumi process within maxDepth generations, with its start time; not beyond', () => {
    // starttime: the 20th field after the command name (proc(5)), read here independently.
    const stat = fs.readFileSync(`/proc/${cli.pid}/stat`, 'utf8');
    const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    expect(startTime).toMatch(/^\d+$/);
    expect(pulumiAncestor(child, 2)).toEqual({ pid: cli.pid, startTime });
    expect(pulumiAncestor(child, 1)).toBeUndefined();
    expect(pulumiAncestor(cli.pid!, 1)).toEqual({ pid: cli.pid, startTime });
    expect(pulumiRun(child)).toBe(`${cli.pid}-${startTime}`);
    expect(pulumiAncestor(process.pid)).toBeUndefined();
  });
});
