import { withAlternatives } from '../../provider/hints';
import { instances } from '../../sdk/resources/instance';
import { useEmulator } from '../helpers/emulator';
import { fastClient } from '../helpers/sdk';
import { ResourceKind } from '../../provider/resourceKind';

const instanceKind = ResourceKind.of(instances);

/**
 * A serviceId or networkId ITCare refuses at preview comes with what the program could use
 * instead, looked up from ITCare's own service and network lists.
 */
const em = useEmulator();
const inputs = (extra: Record<string, unknown>) => ({
  name: 'hint01',
  serviceId: 1001,
  productCode: 'deb12',
  networkId: 2001,
  cpu: 2,
  ram: 4,
  ...extra,
});
const target = () => `${em.url}|hints-${Math.random()}`; // no cached validation between tests

test('an unknown service lists the services the client can use', async () => {
  const [f] = await instanceKind.validation.dryRunCreate(fastClient(em), target(), inputs({ serviceId: 9999 }));
  expect(f).toMatchObject({ property: 'serviceId' });
  expect(f.reason).toMatch(/services you can use: 1001 \(Demo\), 1002 \(Sandbox\)/);
});

test('a network of another service lists the networks of the chosen service', async () => {
  const [f] = await instanceKind.validation.dryRunCreate(fastClient(em), target(), inputs({ networkId: 2003 }));
  expect(f).toMatchObject({ property: 'networkId' });
  expect(f.reason).toMatch(/networks of service 1001: 2001 \(EB-QA front, EB-QA\), 2002 \(EB-QA back, EB-QA\)$/);
});

test("an availability zone of another region is blamed on availabilityZone, with the region's zones", async () => {
  const [f] = await instanceKind.validation.dryRunCreate(fastClient(em), target(), inputs({ availabilityZone: 'ET-A' }));
  expect(f).toMatchObject({ property: 'availabilityZone' });
  expect(f.reason).toMatch(/EB-A, EB-B, EB-C/);
});

test('a hint lists at most 15 services or networks: a hint, not a catalogue dump', async () => {
  for (let i = 0; i < 20; i++) {
    await em.control.addLookup('services', { name: `Extra ${i}`, key: `EXTRA${i}` });
    await em.control.addLookup('networks', { name: `extra ${i}`, serviceId: 1001 });
  }
  const [s] = await instanceKind.validation.dryRunCreate(fastClient(em), target(), inputs({ serviceId: 9999 }));
  const services = /services you can use: (.*)$/.exec(s.reason)![1].split(', ');
  expect(services).toHaveLength(15);
  expect(services.slice(0, 3)).toEqual(['1001 (Demo)', '1002 (Sandbox)', '1100 (Extra 0)']);
  const [n] = await instanceKind.validation.dryRunCreate(fastClient(em), target(), inputs({ networkId: 2003 }));
  const nets = /networks of service 1001: (.*)$/.exec(n.reason)![1].split(/, (?=\d+ \()/);
  expect(nets).toHaveLength(15);
  expect(nets.slice(0, 3)).toEqual(['2001 (EB-QA front, EB-QA)', '2002 (EB-QA back, EB-QA)', '2100 (extra 0, EB-QA)']);
});

test('a network without an area is listed by id and name alone', async () => {
  const bare = await em.control.addLookup('networks', { name: 'bare', serviceId: 1001, area: '' });
  const [n] = await instanceKind.validation.dryRunCreate(fastClient(em), target(), inputs({ networkId: 2003 }));
  expect(n.reason).toMatch(
    new RegExp(`networks of service 1001: 2001 \\(EB-QA front, EB-QA\\), 2002 \\(EB-QA back, EB-QA\\), ${bare.id} \\(bare\\)$`),
  );
});

test('the networks are asked for the chosen service only (the filter), then checked', async () => {
  await em.control.clearLog();
  const [n] = await instanceKind.validation.dryRunCreate(fastClient(em), target(), inputs({ networkId: 2003 }));
  expect(n.reason).toMatch(/networks of service 1001: /);
  const lists = (await em.control.log()).filter((e) => e.method === 'GET' && /\/networks$/.test(e.path));
  expect(lists.length).toBeGreaterThan(0);
  for (const e of lists) expect(e.query.services).toBe('1001');
});

test('a serviceId that is not a number has no networks to list: the failure stays as it was', async () => {
  const failure = { property: 'networkId', reason: 'compute.Instance hint01: refused' };
  expect(await withAlternatives(fastClient(em), failure, inputs({ serviceId: '1001', networkId: 2003 }))).toEqual(failure);
});

test('a service without networks says so: none', async () => {
  const empty = await em.control.addLookup('services', { name: 'Empty', key: 'EMPTY' });
  const failure = { property: 'networkId', reason: 'refused' };
  expect(await withAlternatives(fastClient(em), failure, { serviceId: Number(empty.id) })).toEqual({
    property: 'networkId',
    reason: `refused; networks of service ${empty.id}: none`,
  });
});
