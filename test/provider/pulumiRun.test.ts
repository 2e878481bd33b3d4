import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pulumiRun } from '../../provider/pulumiRun';

/**
 * Real process trees: a process named `pulumi` (node, started through a link of that name, as the
 * CLI is) starting a shell that starts node, as the CLI starts pulumi-resource-pulumi-nodejs.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-run-'));
const fakeCli = path.join(dir, 'pulumi');
fs.symlinkSync(process.execPath, fakeCli);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const MODULE = JSON.stringify(path.resolve(__dirname, '../../dist/provider/pulumiRun.js'));
/** What pulumiRun() says in a grandchild of a `pulumi` process: two provider processes of one command. */
function providerRunsUnderOneCli(): string[] {
  const provider = `node -e 'console.log(require(${MODULE}).pulumiRun())'`;
  const cli = `const {execSync} = require('child_process'); for (let i = 0; i < 2; i++) process.stdout.write(execSync(${JSON.stringify(`sh -c "${provider.replace(/"/g, '\\"')}"`)}));`;
  return execFileSync(fakeCli, ['-e', cli], { encoding: 'utf8', env: { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` } }).trim().split('\n');
}

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
