import * as methods from '../../provider/dynamic';
import { shim } from '../../provider/shim';

/**
 * The provider methods every `__provider` in state points to: they dispatch on the object's `kind`
 * to the engine, loaded by package name in the provider process (as the old shim's `engine(kind)`).
 */
describe('provider/dynamic', () => {
  it('exports the dynamic provider protocol, delete included (a reserved word in TypeScript)', () => {
    expect(
      Object.keys(methods)
        .filter((k) => k !== '__esModule')
        .sort(),
    ).toEqual(['check', 'configure', 'create', 'delete', 'diff', 'read', 'update']);
  });

  it('dispatches on the kind of the object it is called on', async () => {
    const olds = { name: 'web01', serviceId: 1001 };
    const news = { name: 'web01', serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: 2, ram: 4 };
    // An existing resource's check is the schema alone: no server involved.
    await expect(shim('compute.Instance').check!(olds, news)).resolves.toMatchObject({ inputs: { name: 'web01', cpu: 2 } });
    const stray = Object.assign(Object.create(methods), { kind: 'compute.Nothing' });
    await expect(stray.check(olds, news)).rejects.toThrow('pulumi-itcare: unknown resource kind compute.Nothing');
  });

  it("configure reaches the engine's settings (itcare:actionDurations becomes the SDK's environment setting)", async () => {
    const before = process.env.ITCARE_ACTION_DURATIONS;
    try {
      await methods.configure({
        config: { get: (k: string) => (k === 'itcare:actionDurations' ? '/tmp/dynamic-test-durations.json' : undefined) },
      } as never);
      expect(process.env.ITCARE_ACTION_DURATIONS).toBe('/tmp/dynamic-test-durations.json');
    } finally {
      if (before === undefined) delete process.env.ITCARE_ACTION_DURATIONS;
      else process.env.ITCARE_ACTION_DURATIONS = before;
    }
  });

  it('every other method, delete included (exported under the reserved word), dispatches on the kind too', async () => {
    const stray = Object.assign(Object.create(methods), { kind: 'compute.Nothing' });
    const olds = { name: 'web01', serviceId: 1001 };
    for (const call of [
      () => stray.diff('1', olds, olds),
      () => stray.create(olds),
      () => stray.read('1', olds),
      () => stray.update('1', olds, olds),
      () => stray.delete('1', olds),
    ]) {
      await expect(call()).rejects.toThrow('pulumi-itcare: unknown resource kind compute.Nothing');
    }
  });
});
