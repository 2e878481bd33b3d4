import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';

/**
 * The SDK promises Node >= 20.19 (openid-client is ESM-only; Node 20.19 can require() it). Tests run on
 * Node 22 (npm puts node_modules/.bin first), so this runs the built SDK under the machine's Node 20.
 */
jest.setTimeout(60_000);

function node20(): string {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((d) => !d.includes('node_modules'));
  for (const dir of dirs) {
    const candidate = path.join(dir, 'node');
    if (!fs.existsSync(candidate)) continue;
    const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
    if (version.startsWith('v20.')) return candidate;
  }
  throw new Error('no Node 20 on PATH outside node_modules: this machine kind ships one (see .ci/run)');
}

let em: SpawnedEmulator;
beforeAll(async () => {
  em = await spawnEmulator();
});
afterAll(async () => {
  await em?.stop();
});

it('the built SDK authenticates, creates, waits and lists on Node 20', () => {
  const script = `
    const { ITCareClient } = require(${JSON.stringify(path.resolve(__dirname, '../../dist/sdk'))});
    (async () => {
      const c = new ITCareClient(${JSON.stringify({ url: em.url, issuer: em.issuer, clientId: em.clientId, clientSecret: em.clientSecret })});
      const a = await c.compute.instances.create({ name: 'node20', serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: 1, ram: 1 });
      const done = await c.waitForAction(a.actionId, { minDelayMs: 50 });
      const names = [];
      for await (const vm of c.compute.instances.paginate({})) names.push(vm.name + ':' + vm.status);
      console.log(JSON.stringify({ node: process.version, action: done.status, names }));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const out = JSON.parse(execFileSync(node20(), ['-e', script], { encoding: 'utf8' }).trim().split('\n').pop()!);
  expect(out).toEqual({ node: expect.stringMatching(/^v20\./), action: 'SUCCESS', names: ['node20:ACTIVE'] });
});
