/**
 * `npm run new-resource -- <module>.<Kind> <path>`: a new kind of the catalogue, the way moto's
 * scripts/scaffold.py adds a service. It writes the kind's own files from scripts/scaffold/*.tmpl —
 * the descriptor (sdk/resources/), the emulator behaviour, a test, an example, a section of
 * docs/resources.md — and adds one line each
 * to the registry (sdk/resources/index.ts), the emulator's BEHAVIOURS and the test samples, whose
 * types then require nothing else: the SDK client, the provider class, the fleet map, the importer,
 * the e2e lifecycle matrix, docs/reference.md (regenerated here) and the native schema (rendered by the plugin) follow from
 * the registry.
 * Everything written is a stub to complete by hand: its fields are INFERRED until the public
 * reference says otherwise.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';

export interface NewResource {
  module: string;
  kind: string;
  path: string;
}

/** The names a kind's files and constants take, all from its catalogue key. */
export function namesOf(r: NewResource) {
  const file = r.kind.toLowerCase();
  return {
    KEY: `${r.module}.${r.kind}`,
    MODULE: r.module,
    KIND: r.kind,
    VAR: file,
    FILE: file,
    PATH: r.path,
    TYPE: r.kind.toUpperCase(),
    PRODUCT: `${file}1`,
    NAME: `${`cat${file}`.slice(0, 12).replace(/[^a-z0-9]/g, '')}01`,
  };
}

export function parseArgs(argv: string[]): NewResource {
  const [key, apiPath] = argv;
  const m = /^([a-z][a-z0-9]*)\.([A-Z][A-Za-z0-9]*)$/.exec(key ?? '');
  if (!m || !apiPath || !/^(\/[a-z0-9-]+)+$/.test(apiPath)) {
    throw new Error('usage: npm run new-resource -- <module>.<Kind> <path>, e.g. messaging.RabbitMQ /message-brokers/rabbitmq');
  }
  return { module: m[1], kind: m[2], path: apiPath };
}

const fill = (text: string, names: Record<string, string>) => text.replace(/__([A-Z]+)__/g, (all, n: string) => names[n] ?? all);

/** Inserts `line` before the first match of `anchor` in `file`; refuses when the anchor is gone. */
function insertBefore(file: string, anchor: RegExp, line: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const at = text.search(anchor);
  if (at < 0) throw new Error(`${file}: cannot find ${anchor} to add ${line.trim()}`);
  fs.writeFileSync(file, text.slice(0, at) + line + text.slice(at));
}

export function scaffold(root: string, r: NewResource, log: (s: string) => void = () => undefined): string[] {
  const names = namesOf(r);
  const at = (p: string) => path.join(root, p);
  const written: Record<string, string> = {
    [`sdk/resources/${names.FILE}.ts`]: 'descriptor.ts.tmpl',
    [`emulator/resources/${names.FILE}.ts`]: 'behaviour.ts.tmpl',
    [`test/emulator/${names.FILE}.test.ts`]: 'test.ts.tmpl',
    [`examples/kinds/${names.FILE}.ts`]: 'example.ts.tmpl',
  };
  for (const file of Object.keys(written)) if (fs.existsSync(at(file))) throw new Error(`${file} exists already: ${names.KEY} is declared`);
  for (const [file, template] of Object.entries(written)) {
    fs.mkdirSync(path.dirname(at(file)), { recursive: true });
    fs.writeFileSync(at(file), fill(fs.readFileSync(path.join(__dirname, 'scaffold', template), 'utf8'), names));
    log(`wrote ${file}`);
  }
  // The registry: its import, its export, its place at the end of the list.
  const index = at('sdk/resources/index.ts');
  insertBefore(index, /^import \{ catalogOf/m, `import { ${names.VAR} } from './${names.FILE}';\n`);
  insertBefore(index, /^export \* from '\.\/action';/m, `export * from './${names.FILE}';\n`);
  insertBefore(index, /^\] as const;/m, `  ${names.VAR},\n`);
  // The emulator's behaviour, under its catalogue key.
  const server = at('emulator/server.ts');
  insertBefore(server, /^import \{ resourceRoutes/m, `import { ${names.VAR}Behaviour } from './resources/${names.FILE}';\n`);
  insertBefore(server, /^\};\n\n\/\*\* The same, by collection/m, `  '${names.KEY}': ${names.VAR}Behaviour,\n`);
  // The test sample, under its catalogue key.
  const samples = at('test/helpers/catalogSamples.ts');
  insertBefore(
    samples,
    /^\};\n\nexport function sampleOf/m,
    fill(fs.readFileSync(path.join(__dirname, 'scaffold', 'sample.ts.tmpl'), 'utf8'), names),
  );
  // A module the packages do not export yet: its one line in provider/index.ts and native/index.ts.
  const provider = at('provider/index.ts');
  if (!new RegExp(`^export const ${r.module} = `, 'm').test(fs.readFileSync(provider, 'utf8'))) {
    insertBefore(provider, /^\nexport const Instance = /m, `export const ${r.module} = moduleClasses.${r.module};\n`);
    fs.appendFileSync(at('native/index.ts'), `export const ${r.module} = modules.${r.module};\n`);
  }
  // Its section of the resources guide, before the lookups.
  insertBefore(
    at('docs/resources.md'),
    /^## Lookups/m,
    fill(fs.readFileSync(path.join(__dirname, 'scaffold', 'docs.md.tmpl'), 'utf8'), names),
  );
  log(`registered ${names.KEY} in sdk/resources/index.ts, emulator/server.ts and test/helpers/catalogSamples.ts`);
  return Object.keys(written);
}

if (require.main === module) {
  const root = path.join(__dirname, '..');
  const r = parseArgs(process.argv.slice(2));
  const files = scaffold(root, r, (s) => process.stdout.write(`${s}\n`));
  // The stubs and the lines added to the registries, in the repository's format (`npm run lint` checks it).
  const registries = [
    'sdk/resources/index.ts',
    'emulator/server.ts',
    'test/helpers/catalogSamples.ts',
    'provider/index.ts',
    'native/index.ts',
  ];
  execFileSync(process.execPath, [require.resolve('@biomejs/biome/bin/biome'), 'format', '--write', ...files, ...registries], {
    cwd: root,
    stdio: 'inherit',
  });
  // A new process: the reference is rendered from the registry as it is now written.
  execFileSync(
    process.execPath,
    [require.resolve('ts-node/dist/bin'), '--transpile-only', path.join(root, 'scripts', 'gen-reference.ts')],
    { cwd: root, stdio: 'inherit' },
  );
  process.stdout.write(
    `next: complete the stubs (fields, rules, operations; INFERRED parts in emulator/README.md), then npx tsc --noEmit -p . and the tests\n`,
  );
}
