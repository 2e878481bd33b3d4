import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCommandLine, UsageError } from '../../importer/cli';
import { useEmulator } from '../helpers/emulator';
import { runImporter, seedEstate } from '../helpers/estate';

/** The bin's command line, exit codes and output file (dist/importer/cli.js run as a process). */
describe('parseCommandLine', () => {
  it('reads the format from --out', () => {
    expect(parseCommandLine(['--service', 'DEMO', '--out', 'fleet.yml'])).toEqual({ service: 'DEMO', out: 'fleet.yml', format: 'fleet' });
    expect(parseCommandLine(['--service', 'DEMO', '--kinds', 'instance', '--names', 'web*', '--out', 'index.ts'])).toEqual({
      service: 'DEMO',
      kinds: 'instance',
      names: 'web*',
      out: 'index.ts',
      format: 'program',
    });
    expect(parseCommandLine(['--service', 'DEMO', '--out', 'import.json'])).toEqual({
      service: 'DEMO',
      out: 'import.json',
      format: 'import',
    });
    expect(parseCommandLine(['--help'])).toBe('help');
  });

  it('says what is missing or wrong, with the usage', () => {
    expect(() => parseCommandLine(['--out', 'fleet.yaml'])).toThrow(/^--service is required\nusage: itcare-import/);
    expect(() => parseCommandLine(['--service', 'DEMO'])).toThrow(/^--out is required/);
    expect(() => parseCommandLine(['--service', 'DEMO', '--out', 'fleet.txt'])).toThrow(
      /--out fleet\.txt: the file's extension says what to write: \.yaml \/ \.yml \(a fleet file\), \.ts \(a Pulumi program\) or \.json/,
    );
    expect(() => parseCommandLine(['--service', 'DEMO', '--out', 'a.ts', '--kind', 'x'])).toThrow(UsageError);
  });
});

describe('itcare-import', () => {
  const em = useEmulator();
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-import-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits 2 on a wrong command line, writing nothing', async () => {
    const run = await runImporter(em, ['--service', 'DEMO', '--out', path.join(dir, 'fleet.txt')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^itcare-import: --out .*fleet\.txt: the file's extension/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('exits 1 and writes nothing when ITCare cannot be read, naming the cause and never the secret', async () => {
    const run = await runImporter(em, ['--service', 'DEMO', '--out', path.join(dir, 'fleet.yaml')], {
      ITCARE_CLIENT_SECRET: 'wrong-secret-0123456789',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^itcare-import: .*(401|invalid_client|credentials)/im);
    expect(run.stderr).not.toContain('wrong-secret-0123456789');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('writes the file whole and reports a count per kind and every resource left out', async () => {
    await seedEstate(em);
    const out = path.join(dir, 'fleet.yaml');
    const run = await runImporter(em, ['--service', 'DEMO', '--kinds', 'instance,redis', '--out', out]);
    expect(run.code).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(['fleet.yaml']);
    const said = run.stderr.trim().split('\n');
    expect(said[0]).toMatch(/^itcare-import: compute\.Instance: \d+ listed, \d+ selected, 15 to adopt, 4 left out$/);
    expect(said[1]).toMatch(/^itcare-import: databases\.Redis: 3 listed, 2 selected, 2 to adopt, 0 left out$/);
    expect(said.filter((l) => l.startsWith('itcare-import: left out: compute.Instance '))).toHaveLength(4);
    expect(run.stderr).toContain(`itcare-import: 17 resource(s) to adopt written to ${out}; 4 left out`);
    expect(run.stderr).toContain(
      "itcare-import: 2 secret reference(s) to give a value before `pulumi up` (see the file's header): REDIS_CACHE01_ADMPASSWORD, REDIS_CACHE02_ADMPASSWORD",
    );
  });
});
