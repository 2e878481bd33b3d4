import * as path from 'node:path';
import { spawnEmulator, type LogEntry, type SpawnedEmulator } from '../helpers/emulator';
import { collector, createStack, REPO, steps, teardown, type TestStack } from '../helpers/pulumi';

/**
 * examples/web-tier under the real Pulumi CLI, against an emulator that ignores query filters: two
 * instances behind a load balancer with two URLs and a snapshot of one, the service and network found
 * by lookups. The stack picks the second network of its service ("EB-QA back", 2002), so a lookup that
 * took the first answer of an unfiltered list would put the tier on 2001. Preview, up, a no-op
 * `preview --expect-no-changes`, destroy with every child deleted before its parent.
 */
jest.setTimeout(900_000);

const EXAMPLE = path.join(REPO, 'examples', 'web-tier');
let em: SpawnedEmulator;
let t: TestStack;
const printed = collector();

beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '100']);
  t = await createStack('web-tier', em, EXAMPLE);
  await t.stack.setConfig('networkName', { value: 'EB-QA back' });
});
afterAll(() =>
  teardown(
    () => t?.dispose(),
    () => em?.stop(),
  ),
);

const step = steps();
const held = async (collection: string) => em.control.resources(collection);
/** Real (not dry-run) API requests of one method, in the order the emulator got them. */
const calls = async (method: string): Promise<LogEntry[]> =>
  (await em.control.log()).filter((e) => e.method === method && !e.dryRun && e.path.startsWith('/itcare/'));

step('preview plans the whole tier on what the lookups found, creating nothing', async () => {
  const preview = await t.stack.preview({ onOutput: printed.onOutput });
  expect(preview.changeSummary).toEqual({ create: 7 }); // stack, 2 instances, load balancer, 2 URLs, snapshot
  expect(await calls('POST')).toEqual([]);
  expect(await held('instances')).toEqual([]);
});

step('up creates two instances on the network found, the load balancer over both, two URLs and a snapshot of web01', async () => {
  const up = await t.stack.up({ onOutput: printed.onOutput });
  expect(up.summary.resourceChanges).toEqual({ create: 7 });
  const vms = await held('instances');
  expect(vms.map((v) => [v.name, v.serviceId, v.networkId, v.productCode, v.status]).sort()).toEqual([
    ['web01', 1001, 2002, 'deb12', 'ACTIVE'],
    ['web02', 1001, 2002, 'deb12', 'ACTIVE'],
  ]);
  const id = (name: string) => vms.find((v) => v.name === name)!.id;
  const [lb] = await held('loadbalancers');
  expect(lb).toMatchObject({ url: 'shop.cegedim.cloud', serviceId: 1001, networkId: 2002, status: 'ACTIVE' });
  expect([...(lb.members as number[])].sort()).toEqual([id('web01'), id('web02')].sort());
  expect((await held('urls')).map((u) => [u.name, u.loadBalancerId]).sort()).toEqual([
    ['api.shop.cegedim.cloud', lb.id],
    ['www.shop.cegedim.cloud', lb.id],
  ]);
  const [snap] = await held('snapshots');
  expect(snap).toMatchObject({ instanceId: id('web01'), description: 'web01 before go-live' });
  expect(up.outputs).toMatchObject({
    serviceId: { value: 1001 },
    networkId: { value: 2002 },
    snapshotId: { value: snap.id },
    urlNames: { value: ['www.shop.cegedim.cloud', 'api.shop.cegedim.cloud'] },
  });
});

step('preview --expect-no-changes: the lookups answer the same, the tier is converged (exit 0, no mutation)', async () => {
  await em.control.clearLog();
  const r = await t.cli(['preview', '--expect-no-changes']);
  expect([r.code, r.output]).toEqual([0, expect.stringContaining('7 unchanged')]);
  expect((await em.control.log()).filter((e) => e.method !== 'GET' && !e.dryRun && e.path.startsWith('/itcare/'))).toEqual([]);
});

step('no credential nor token in state or in anything the CLI printed', async () => {
  const issued = await em.control.issuedTokens();
  const text = [t.stateText(), printed.text()].join('\n');
  for (const secret of [em.clientSecret, ...issued.accessTokens, ...issued.refreshTokens]) expect(text).not.toContain(secret);
});

step(
  'destroy deletes every child before its parent: URLs, then the load balancer, then the instances; the snapshot before web01',
  async () => {
    const vms = await held('instances');
    const web01 = vms.find((v) => v.name === 'web01')!.id;
    await em.control.clearLog();
    await t.stack.destroy({ onOutput: printed.onOutput });
    const deletes = await calls('DELETE');
    const at = (re: RegExp) => deletes.findIndex((e) => re.test(e.path));
    const lastAt = (re: RegExp) => deletes.map((e) => re.test(e.path)).lastIndexOf(true);
    const url = /\/loadbalancers\/\d+\/urls\/\d+$/;
    const lb = /\/loadbalancers\/\d+$/;
    const instance = /\/compute\/instances\/\d+$/;
    expect(deletes.map((e) => e.status)).toEqual(Array(deletes.length).fill(202)); // no 409: no parent before its children
    expect(deletes).toHaveLength(6);
    expect(lastAt(url)).toBeLessThan(at(lb));
    expect(at(lb)).toBeLessThan(at(instance));
    expect(at(/\/snapshots\//)).toBeLessThan(at(new RegExp(`/compute/instances/${web01}$`)));
    for (const c of ['instances', 'loadbalancers', 'urls', 'snapshots']) expect([c, await held(c)]).toEqual([c, []]);
  },
);
