import { type ITCareClient, InvalidInputError, LookupAmbiguousError, LookupNotFoundError } from '../../sdk';
import { useEmulator, type LogEntry, sdkClient } from '../helpers/emulator';
import { rejection } from '../helpers/sdk';

/**
 * client.lookups against the emulator, which ignores every query filter (the helper's default): each
 * answer holds everything, and only the client-side checks make a lookup right. One describe per
 * lookup: found, none, several; then the same answers with the filters applied, and the filters sent.
 */

const em = useEmulator();
let client: ITCareClient;
beforeAll(() => {
  client = sdkClient(em);
});

async function lookupError(p: Promise<unknown>, Ctor: typeof LookupNotFoundError | typeof LookupAmbiguousError) {
  const err = await rejection(p);
  expect(err).toBeInstanceOf(Ctor);
  return err as LookupNotFoundError;
}

describe('getService', () => {
  it('finds a service by key or by name, exactly, though the server answers every service', async () => {
    expect(await client.lookups.getService({ key: 'SANDBOX' })).toMatchObject({ id: 1002, name: 'Sandbox' });
    expect(await client.lookups.getService({ name: 'Demo' })).toMatchObject({ id: 1001, key: 'DEMO' });
    expect(await client.lookups.getService({ key: 'DEMO', name: 'Demo' })).toMatchObject({ id: 1001 });
  });

  it('none: names the lookup, the criteria and the services there are', async () => {
    const err = await lookupError(client.lookups.getService({ key: 'DEM' }), LookupNotFoundError);
    expect(err).toMatchObject({ code: 'ITCARE_LOOKUP_NOT_FOUND', lookup: 'getService', criteria: { key: 'DEM' } });
    expect(err.candidates).toEqual(['1001 "Demo" (key DEMO)', '1002 "Sandbox" (key SANDBOX)']);
    expect(err.message).toBe(
      'getService found no service with key "DEM"; services you can see: 1001 "Demo" (key DEMO), 1002 "Sandbox" (key SANDBOX)',
    );
    // What logs see (JSON.stringify): the same three, beside the code and message.
    expect(JSON.parse(JSON.stringify(err))).toMatchObject({
      name: 'LookupNotFoundError',
      code: 'ITCARE_LOOKUP_NOT_FOUND',
      lookup: 'getService',
      criteria: { key: 'DEM' },
      candidates: err.candidates,
    });
    // key and name must both hold: a key of one service with the name of another is nothing
    await lookupError(client.lookups.getService({ key: 'DEMO', name: 'Sandbox' }), LookupNotFoundError);
  });

  it('several: two services of one name are both listed, and the key tells them apart', async () => {
    await em.control.addLookup('services', { name: 'Demo', key: 'DEMO2' });
    const err = await lookupError(client.lookups.getService({ name: 'Demo' }), LookupAmbiguousError);
    expect(err).toMatchObject({ code: 'ITCARE_LOOKUP_AMBIGUOUS', candidates: ['1001 "Demo" (key DEMO)', '1100 "Demo" (key DEMO2)'] });
    expect(err.message).toMatch(/^getService found 2 services with name "Demo": .*; ask by key$/);
    expect(await client.lookups.getService({ key: 'DEMO2' })).toMatchObject({ id: 1100 });
  });

  it('bad criteria fail before anything is sent', async () => {
    const err = await rejection(client.lookups.getService({}));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as Error).message).toMatch(/give the service key or name/);
  });
});

describe('getNetwork', () => {
  it('finds by exact name, by id, and within a service and an area', async () => {
    expect(await client.lookups.getNetwork({ name: 'EB-QA back' })).toMatchObject({ id: 2002, serviceId: 1001 });
    expect(await client.lookups.getNetwork({ id: 2003 })).toMatchObject({ name: 'ET-QA sandbox' });
    expect(await client.lookups.getNetwork({ name: 'EB-QA front', serviceId: 1001, area: 'EB-QA' })).toMatchObject({ id: 2001 });
  });

  it('none: a prefix is not a name, a network of another service or area is not a match', async () => {
    const err = await lookupError(client.lookups.getNetwork({ name: 'EB-QA', serviceId: 1001 }), LookupNotFoundError);
    expect(err.candidates).toEqual(['2001 "EB-QA front" (service 1001, EB-QA)', '2002 "EB-QA back" (service 1001, EB-QA)']);
    expect(err.message).toMatch(/^getNetwork found no network with name "EB-QA", serviceId 1001; networks you can see: /);
    const byId = await lookupError(client.lookups.getNetwork({ id: 2003, serviceId: 1001 }), LookupNotFoundError);
    expect(byId.candidates[0]).toBe('2003 "ET-QA sandbox" (service 1002, ET-QA)'); // why it failed, first
    await lookupError(client.lookups.getNetwork({ name: 'EB-QA front', area: 'ET-QA' }), LookupNotFoundError);
    await lookupError(client.lookups.getNetwork({ id: 2999 }), LookupNotFoundError);
  });

  it('several: one name in two services, told apart by service or area', async () => {
    const other = await em.control.addLookup('networks', { name: 'EB-QA front', serviceId: 1002, area: 'ET-QA', region: 'ET' });
    const err = await lookupError(client.lookups.getNetwork({ name: 'EB-QA front' }), LookupAmbiguousError);
    expect(err.candidates).toEqual(['2001 "EB-QA front" (service 1001, EB-QA)', `${other.id} "EB-QA front" (service 1002, ET-QA)`]);
    expect(err.message).toMatch(/add serviceId or area, or ask by id$/);
    expect(await client.lookups.getNetwork({ name: 'EB-QA front', serviceId: 1002 })).toMatchObject({ id: other.id });
    expect(await client.lookups.getNetwork({ name: 'EB-QA front', area: 'EB-QA' })).toMatchObject({ id: 2001 });
  });
});

describe('getInstance', () => {
  beforeEach(async () => {
    await em.control.seedInstance({ name: 'web01', serviceId: 1002, networkId: 2003 });
    await em.control.seedInstance({ name: 'web011', serviceId: 1001 });
  });

  it('finds the instance of that exact name in that service', async () => {
    const mine = await em.control.seedInstance({ name: 'web01', serviceId: 1001 });
    const found = await client.lookups.getInstance({ name: 'web01', serviceId: 1001 });
    expect(found).toMatchObject({ id: mine.id, name: 'web01', serviceId: 1001 });
    expect(found.creationTime).toBeInstanceOf(Date);
  });

  it('none: lists the instances of that service only', async () => {
    const err = await lookupError(client.lookups.getInstance({ name: 'web01', serviceId: 1001 }), LookupNotFoundError);
    expect(err.candidates).toEqual([expect.stringMatching(/^\d+ web011 \(service 1001, ACTIVE\)$/)]);
    expect(err.message).toMatch(/^getInstance found no instance with name "web01", serviceId 1001; instances you can see: \d+ web011/);
  });

  it('several: two instances of one name in one service are both named', async () => {
    await em.control.seedInstance({ name: 'web01', serviceId: 1001 });
    await em.control.seedInstance({ name: 'web01', serviceId: 1001 });
    const err = await lookupError(client.lookups.getInstance({ name: 'web01', serviceId: 1001 }), LookupAmbiguousError);
    expect(err.candidates).toHaveLength(2);
    expect(err.message).toMatch(/^getInstance found 2 instances with name "web01", serviceId 1001: .*unique per service/);
  });
});

describe('getProducts', () => {
  it('lists the products with the sizings each accepts; type and family without case', async () => {
    const all = await client.lookups.getProducts();
    expect(all.map((p) => p.code)).toEqual(['deb12', 'deb11', 'rhel9', 'win2022']);
    expect((await client.lookups.getProducts({ family: 'debian' })).map((p) => p.code)).toEqual(['deb12', 'deb11']);
    const windows = await client.lookups.getProducts({ type: 'WINDOWS', cpu: 2, ram: 4 });
    expect(windows).toEqual([expect.objectContaining({ code: 'win2022', rams: [4, 8, 16, 32, 64, 128, 256] })]);
    expect((await client.lookups.getProducts({ code: 'rhel9' })).map((p) => p.code)).toEqual(['rhel9']);
  });

  it('none: a sizing no product of the kind accepts names every product and its sizings', async () => {
    const err = await lookupError(client.lookups.getProducts({ type: 'WINDOWS', ram: 2 }), LookupNotFoundError);
    expect(err.message).toMatch(
      /^getProducts found no product with type "WINDOWS", ram 2; products you can see: .*win2022 \(WINDOWS\/WINDOWS; cpu 1\/2\/4\/8\/16\/32; ram 4\/8\/16/,
    );
    await lookupError(client.lookups.getProducts({ code: 'deb1' }), LookupNotFoundError);
  });
});

describe('with the filters applied by the server', () => {
  const sent = async (path: string): Promise<LogEntry['query'][]> =>
    (await em.control.log()).filter((e) => e.method === 'GET' && e.path === `/itcare${path}`).map((e) => e.query);

  it('the same answers, and the filters were sent as hints', async () => {
    await em.control.behaviour({ ignoreQueryFilters: false });
    await em.control.seedInstance({ name: 'web01', serviceId: 1001 });
    await em.control.clearLog();
    expect(await client.lookups.getService({ key: 'SANDBOX' })).toMatchObject({ id: 1002 });
    expect(await client.lookups.getNetwork({ name: 'EB-QA back', serviceId: 1001, area: 'EB-QA' })).toMatchObject({ id: 2002 });
    expect(await client.lookups.getInstance({ name: 'web01', serviceId: 1001 })).toMatchObject({ name: 'web01' });
    expect((await client.lookups.getProducts({ family: 'RHEL' })).map((p) => p.code)).toEqual(['rhel9']);
    expect(await sent('/compute/services')).toEqual([expect.objectContaining({ keys: 'SANDBOX' })]);
    expect(await sent('/networking/networks')).toEqual([
      expect.objectContaining({ names: 'EB-QA back', services: '1001', areas: 'EB-QA' }),
    ]);
    expect(await sent('/compute/instances')).toEqual([expect.objectContaining({ names: 'web01', services: '1001' })]);
    expect(await sent('/compute/products')).toEqual([expect.objectContaining({ families: 'RHEL' })]);
  });
});
