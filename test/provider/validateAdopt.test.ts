import { instances } from '../../sdk/resources/instance';
import { sdkClient, useEmulator } from '../helpers/emulator';
import { ResourceKind } from '../../provider/resourceKind';

/**
 * provider/validate.ts, adopting: the preview of an adopting resource (`adopt: true`, what itcare-import writes): the resource exists,
 * so nothing will be created. It is judged by comparing the existing resource with the program, not
 * by a dry-run create that ITCare may refuse for reasons that only concern a new resource (a network
 * with no free address, a product no longer offered), whatever order ITCare checks things in.
 */
jest.setTimeout(120_000);

const em = useEmulator();
const sandbox = { serviceId: 1002, networkId: 2003, productCode: 'deb12', cpu: 2, ram: 4, area: 'ET-QA' };
let target = 0;
const check = (inputs: Record<string, unknown>) =>
  ResourceKind.of(instances).validation.dryRunCreate(sdkClient(em), `validate-test-${++target}`, inputs);

describe('dryRunCreate with adopt: true', () => {
  it('accepts an existing resource on a network with no free address left, sending no create', async () => {
    // Network 2003 is a /24: its 245 host addresses from .10 up, all taken.
    for (let i = 0; i < 245; i++) await em.control.seedInstance({ name: `full${String(i).padStart(3, '0')}`, ...sandbox });
    await em.control.clearLog();
    expect(await check({ name: 'full007', ...sandbox })).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/NO_IP_AVAILABLE|no free address/) }),
    ]);
    expect(await check({ name: 'full007', ...sandbox, adopt: true })).toEqual([]);
    const posts = (await em.control.log()).filter((e) => e.method === 'POST' && e.path === '/itcare/compute/instances');
    expect(posts).toHaveLength(1); // the first check's, not the adopting one's
  });

  it('fails the preview, naming the field, when the existing resource differs in a create-only field', async () => {
    await em.control.seedInstance({ name: 'old01', ...sandbox, productCode: 'deb11' });
    const failures = await check({ name: 'old01', ...sandbox, adopt: true });
    expect(failures).toEqual([
      {
        property: 'productCode',
        reason: expect.stringMatching(
          /^Instance old01: cannot adopt resource \d+: productCode is "deb11" in ITCare but "deb12" in the program/,
        ),
      },
    ]);
  });

  it('validates a create in dry run as usual when nothing holds the name', async () => {
    expect(await check({ name: 'new01', ...sandbox, adopt: true })).toEqual([]);
    expect(await check({ name: 'new02', ...sandbox, cpu: 3, adopt: true })).toEqual([expect.objectContaining({ property: 'cpu' })]);
  });
});
