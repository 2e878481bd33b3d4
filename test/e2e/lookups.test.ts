import * as path from 'node:path';
import { spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { collector, createStack, REPO, steps, teardown, type TestStack } from '../helpers/pulumi';

/**
 * The lookups in a program under the real Pulumi CLI, against an emulator that ignores every query
 * filter (the helper's default): the program finds its service by key, its network by name (the
 * second of its service: a lookup that took the first answer would pick 2001), a product by family
 * and sizing, and its own instance again by name. They run in the program process, at preview too;
 * no credential or token reaches the state; a lookup that finds nothing fails the preview by name.
 */
jest.setTimeout(600_000);

const PROGRAM = path.join(REPO, 'test', 'e2e', 'lookupsProgram');
let em: SpawnedEmulator;
let t: TestStack;
const printed = collector();

beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '100']);
  t = await createStack('lookups', em, PROGRAM);
  await t.stack.setAllConfig({
    serviceKey: { value: 'DEMO' },
    networkName: { value: 'EB-QA back' },
    area: { value: 'EB-QA' },
    family: { value: 'RHEL' },
  });
});
afterAll(() =>
  teardown(
    () => t?.dispose(),
    () => em?.stop(),
  ),
);

const step = steps();
const gets = async (route: string) => (await em.control.log()).filter((e) => e.method === 'GET' && e.path === `/itcare${route}`);

step('preview: the lookups run in the program and the create is planned and validated with what they found', async () => {
  await em.control.clearLog();
  const preview = await t.stack.preview({ onOutput: printed.onOutput });
  expect(preview.changeSummary).toEqual({ create: 2 });
  // The filters went out as hints; the server ignored them (ignoreQueryFilters), the client did not.
  expect((await gets('/compute/services')).map((e) => e.query.keys)).toContain('DEMO');
  expect((await gets('/networking/networks')).map((e) => e.query.names)).toContain('EB-QA back');
  expect((await gets('/compute/products')).map((e) => e.query.families)).toContain('RHEL');
  expect((await em.control.log()).filter((e) => e.method === 'POST' && e.dryRun)).toHaveLength(1); // the create validated
  expect(await em.control.instances()).toEqual([]);
});

step('up creates the instance on the network and product found; the instance lookup, fed by its output, finds it', async () => {
  const up = await t.stack.up({ onOutput: printed.onOutput });
  expect(up.summary.resourceChanges).toEqual({ create: 2 });
  const [vm] = await em.control.instances();
  expect(vm).toMatchObject({ name: 'look01', serviceId: 1001, networkId: 2002, productCode: 'rhel9' });
  expect(up.outputs).toMatchObject({
    serviceId: { value: 1001 },
    networkId: { value: 2002 },
    productCodes: { value: ['rhel9'] },
    sandboxId: { value: 1002 },
    found: { value: { id: vm.id, ip: vm.ipAddress, status: 'ACTIVE' } },
  });
});

step('no credential nor token in state or in anything the CLI printed', async () => {
  const issued = await em.control.issuedTokens();
  const text = [t.stateText(), printed.text()].join('\n');
  for (const secret of [em.clientSecret, ...issued.accessTokens, ...issued.refreshTokens]) expect(text).not.toContain(secret);
});

step('preview --expect-no-changes: lookups answer the same, nothing to do (exit 0)', async () => {
  const r = await t.cli(['preview', '--expect-no-changes']);
  expect([r.code, r.output]).toEqual([0, expect.stringContaining('2 unchanged')]);
});

step('a lookup that finds nothing fails the preview naming the lookup, the criteria and the candidates', async () => {
  await t.stack.setConfig('networkName', { value: 'EB-QA' });
  const r = await t.cli(['preview']);
  expect(r.code).not.toBe(0);
  expect(r.output).toContain(
    'getNetwork found no network with name "EB-QA", serviceId 1001, area "EB-QA"; networks you can see: 2001 "EB-QA front" (service 1001, EB-QA), 2002 "EB-QA back" (service 1001, EB-QA)',
  );
  expect(r.output).not.toContain(em.clientSecret);
  await t.stack.setConfig('networkName', { value: 'EB-QA back' });
});

step('destroy deletes the instance', async () => {
  await t.stack.destroy({ onOutput: printed.onOutput });
  expect(await em.control.instances()).toEqual([]);
});
