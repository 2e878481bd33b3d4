import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { programFile } from '../../importer/program';
import { importKinds } from '../../importer/kinds';
import { sampleEstate } from '../helpers/estate';
import { REPO } from '../helpers/pulumi';

/**
 * The TypeScript program the importer writes compiles, strictly, against the package's own types
 * (`pulumi-itcare` resolved to provider/index.ts): every kind's class, its inputs, powerState, adopt
 * and secrets from config.
 */
jest.setTimeout(120_000);

const from = { command: 'itcare-import --service DEMO,SANDBOX --out index.ts', generatedAt: new Date('2026-11-30T00:00:00Z') };

/** Type errors of `text` compiled as a project's index.ts. */
function typeErrors(text: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-import-program-'));
  try {
    const file = path.join(dir, 'index.ts');
    fs.writeFileSync(file, text);
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [path.join(REPO, 'node_modules', '@types')],
      baseUrl: REPO,
      paths: { 'pulumi-itcare': ['provider/index.ts'], '@pulumi/pulumi': ['node_modules/@pulumi/pulumi'] },
    });
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('programFile', () => {
  const estate = sampleEstate();
  const text = programFile(estate, from);

  it('declares one resource per entry, with the class of its kind and adopt: true', () => {
    expect(text.match(/^new itcare\./gm)).toHaveLength(estate.entries.length);
    for (const { key, d } of importKinds().kinds) {
      expect(text).toContain(`// ${key} `);
      expect(text).toContain(`new itcare.${d.module}.${d.kind}(`);
    }
    expect(text.match(/^ {2}adopt: true,$/gm)).toHaveLength(estate.entries.length);
    expect(text).toContain('new itcare.compute.Instance("twin01-sandbox", {\n  name: "twin01",');
    expect(text).toContain('  tags: {"app":"shop","cost-centre":"CC 42"},');
  });

  it('reads each secret from the stack config, by reference, and says which to set', () => {
    expect(text).toContain('admPassword: config.requireSecret("POSTGRESQL_CATPG01_ADMPASSWORD"),');
    expect(text).toContain('password: config.requireSecret("OVERDRIVE_CAT_SHARE01_PASSWORD"),');
    expect(text).toMatch(/^\/\/ {3}POSTGRESQL_CATPG01_ADMPASSWORD$/m);
    expect(text).toMatch(/^\/\/ {3}compute\.Instance broken01 \(id 9, service DEMO\): status ERROR/m);
  });

  it("compiles strictly against the package's types", () => {
    expect(typeErrors(text)).toEqual([]);
  });

  it('is judged by that compilation: a field the class does not take is a type error', () => {
    const wrong = text.replace('  adopt: true,\n', '  adopt: true,\n  sizeGb: 40,\n');
    expect(typeErrors(wrong).join('\n')).toMatch(/sizeGb/);
  });

  it('imports no pulumi config when no resource has a secret', () => {
    const plain = { ...estate, entries: estate.entries.filter((e) => Object.keys(e.secrets).length === 0) };
    const out = programFile(plain, from);
    expect(out).not.toContain('@pulumi/pulumi');
    expect(out).not.toContain('config.');
  });
});
