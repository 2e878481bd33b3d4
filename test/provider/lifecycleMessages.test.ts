import { instances } from '../../sdk/resources/instance';
import { Lifecycle } from '../../provider/lifecycle';
import { OWNER_TAG } from '../../provider/owner';
import { requestsTo, sdkClient, spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { ResourceKind } from '../../provider/resourceKind';

/**
 * What the lifecycle tells the user on stderr when it adopts, resends or follows a mutation whose
 * answer was lost (these lines are the only trace of why an `up` did what it did), and the adoption
 * checks on those paths.
 */
jest.setTimeout(60_000);

let em: SpawnedEmulator;
let life: Lifecycle;
const MARKER = 'org/proj/dev/0123456789abcdef';
const inputs = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  serviceId: 1001,
  productCode: 'deb12',
  networkId: 2001,
  cpu: 2,
  ram: 4,
  __provider: 'shim',
  ...extra,
});

beforeAll(async () => {
  em = await spawnEmulator();
  life = new Lifecycle(ResourceKind.of(instances), sdkClient(em));
});
afterAll(async () => {
  await em?.stop();
});
beforeEach(async () => {
  await em.control.reset();
  await em.control.timing({ durationMs: 50 });
});

/** Runs `act` and returns what it wrote to stderr: the `itcare:` lines but the progress of actions. */
async function stderrOf(act: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await act();
  } finally {
    spy.mockRestore();
  }
  return lines
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('itcare: ') && !/ action \d+ [A-Z_]+ \(/.test(l));
}

describe('adoption', () => {
  it('adopt with nothing holding the name creates the resource', async () => {
    const { id } = await life.create(inputs('new01', { adopt: true }));
    expect((await em.control.instances()).map((v) => [String(v.id), v.name])).toEqual([[id, 'new01']]);
  });

  it('adopt says which resource it adopts and in which status', async () => {
    const vm = await em.control.seedInstance({
      name: 'old01',
      serviceId: 1001,
      status: 'ACTIVE',
      productCode: 'deb12',
      networkId: 2001,
      cpu: 2,
      ram: 4,
    });
    const lines = await stderrOf(() => life.create(inputs('old01', { adopt: true })));
    expect(lines).toContain(`itcare: compute.Instance old01: adopting existing resource ${vm.id} (status ACTIVE)`);
  });

  it('a create that meets 409 adopts the holder carrying its marker, and says why', async () => {
    const vm = await em.control.seedInstance({
      name: 'mark01',
      serviceId: 1001,
      status: 'ACTIVE',
      productCode: 'deb12',
      networkId: 2001,
      cpu: 2,
      ram: 4,
      tags: { [OWNER_TAG]: MARKER },
    });
    let id = '';
    const lines = await stderrOf(async () => {
      ({ id } = await life.create(inputs('mark01', { __owner: MARKER })));
    });
    expect(id).toBe(String(vm.id));
    expect(lines).toContain(
      `itcare: compute.Instance mark01: found resource ${vm.id} that this resource created (it carries this stack's ownership marker); adopting it`,
    );
  });

  it('the holder carrying the marker is not adopted when a create-only field differs from the program', async () => {
    const vm = await em.control.seedInstance({
      name: 'mark02',
      serviceId: 1001,
      status: 'ACTIVE',
      productCode: 'rhel9',
      networkId: 2001,
      cpu: 2,
      ram: 4,
      tags: { [OWNER_TAG]: MARKER },
    });
    await expect(life.create(inputs('mark02', { __owner: MARKER }))).rejects.toMatchObject({
      message: expect.stringContaining(
        `compute.Instance mark02: cannot adopt resource ${vm.id}: productCode is "rhel9" in ITCare but "deb12" in the program`,
      ),
    });
  });

  it('a create made whose answer was lost is adopted, saying the answer was lost', async () => {
    await em.control.addFault({
      method: 'POST',
      path: '^/itcare/compute/instances$',
      processed: true,
      status: 502,
      dryRun: false,
      count: 1,
    });
    let id = '';
    const lines = await stderrOf(async () => {
      ({ id } = await life.create(inputs('lost01')));
    });
    expect(lines).toContain(
      `itcare: compute.Instance lost01: found resource ${id} that this resource created (the answer to the create was lost); adopting it`,
    );
  });

  it('a create that did not reach ITCare is sent again, saying why', async () => {
    await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', status: 502, dryRun: false, count: 1 });
    const lines = await stderrOf(() => life.create(inputs('resend01')));
    expect(lines).toEqual([
      expect.stringMatching(
        /^itcare: compute\.Instance resend01: the create was not applied \(.*502.*; nothing holds the name\); sending it again$/,
      ),
    ]);
  });
});

describe('operations whose answer was lost', () => {
  it('one applied is followed, one not applied is read again and sent anew: each says so, and an action already followed is not taken for the second', async () => {
    const { id } = await life.create(inputs('op01', { tags: { team: 'a' } }));
    // The first operation is applied but its answer lost; the second never reaches ITCare.
    await em.control.addFault({ method: 'PATCH', reset: 'after', dryRun: false, count: 1 });
    await em.control.addFault({ method: 'PATCH', reset: 'before', dryRun: false, count: 1 });
    const lines = await stderrOf(() => life.update(id, inputs('op01', { cpu: 4, tags: { team: 'b' } })));
    expect(lines).toEqual([
      expect.stringMatching(/^itcare: compute\.Instance op01: the answer was lost \(.+\) but ITCare started action \d+; following it$/),
      expect.stringMatching(/^itcare: compute\.Instance op01: not applied \(.+\); reading it again$/),
    ]);
    expect(await em.control.instances()).toEqual([expect.objectContaining({ cpu: 4, tags: { team: 'b' } })]);
    expect((await requestsTo(em, 'PATCH', `/itcare/compute/instances/${id}`)).filter((e) => !e.dryRun).map((e) => e.status)).toEqual([
      202, 0, 202,
    ]);
  });
});
