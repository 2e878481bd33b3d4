import { readEstate } from '../../importer/estate';
import { sdkClient, useEmulator } from '../helpers/emulator';
import { adoptable, adoptableCount, seedEstate, unadoptable } from '../helpers/estate';

/**
 * Reading the estate from the emulator, which ignores every query filter (INFERRED): services,
 * names and running actions are all checked on the answers; what cannot be adopted now is listed
 * with its reason, never half-imported.
 */
const em = useEmulator();

const read = (opts: { services: string; kinds?: string; names?: string }, progress?: (l: string) => void) =>
  readEstate(sdkClient(em), { ...opts, progress });

describe('readEstate', () => {
  beforeEach(() => seedEstate(em));

  it('selects by service, kind and name on the answers, sending no name pattern to ITCare', async () => {
    const lines: string[] = [];
    const estate = await read({ services: 'DEMO', kinds: 'instance', names: 'web*,!web1?' }, (l) => lines.push(l));
    expect(estate.entries.map((e) => e.pulumiName)).toEqual([
      'web01',
      'web02',
      'web03',
      'web04',
      'web05',
      'web06',
      'web07',
      'web08',
      'web09',
    ]);
    expect(estate.entries.every((e) => e.service.key === 'DEMO')).toBe(true);
    expect(estate.excluded).toEqual([]);
    const listed = adoptable.instances.length + unadoptable.filter((u) => u.collection === 'instances').length;
    expect(lines).toEqual([`compute.Instance: ${listed} listed, 9 selected, 9 to adopt, 0 left out`]);
    const lists = (await em.control.log()).filter((e) => e.path === '/itcare/compute/instances');
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((e) => e.query.names === undefined && e.query.services === '1001')).toBe(true);
  });

  it('adopts every adoptable resource of every kind, naming twins by service, and says why the others are left out', async () => {
    const estate = await read({ services: 'DEMO,SANDBOX' });
    expect(estate.entries).toHaveLength(adoptableCount());
    expect(estate.entries.filter((e) => e.name === 'web01').map((e) => [e.pulumiName, e.inputs.serviceId])).toEqual([
      ['web01-demo', 1001],
      ['web01-sandbox', 1002],
    ]);
    expect(estate.entries.find((e) => e.pulumiName === 'web01')).toBeUndefined();
    for (const { seed, reason } of unadoptable) expect(estate.excluded.find((x) => x.name === seed.name)?.reason).toMatch(reason);
    expect(estate.excluded).toHaveLength(unadoptable.length);
    const stopped = estate.entries.find((e) => e.name === 'shopdb02');
    expect(stopped?.inputs.powerState).toBe('stopped');
    expect(stopped?.secrets).toEqual({ admPassword: 'POSTGRESQL_SHOPDB02_ADMPASSWORD' });
  });

  it('adopts a resource whose last action ended, with the values it left', async () => {
    const web02 = (await em.control.instances()).find((i) => i.name === 'web02' && i.serviceId === 1001)!;
    const client = sdkClient(em);
    const accepted = await client.compute.instances.operate(web02.id, 'resize', { cpu: 8, ram: 16 });
    await client.waitForAction(accepted.actionId!);
    const estate = await read({ services: 'DEMO', kinds: 'instances', names: 'web02,busy01' });
    expect(estate.entries.map((e) => [e.name, e.inputs.cpu, e.inputs.ram])).toEqual([['web02', 8, 16]]);
    expect(estate.excluded.map((x) => x.name)).toEqual(['busy01']);
  });
});
