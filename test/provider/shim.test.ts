import * as pulumi from '@pulumi/pulumi';
import { shim } from '../../provider/shim';

/**
 * The provider object is what Pulumi's closure serializer writes into `__provider` of every
 * resource. Serializing it for real proves it captures nothing but the resource kind.
 */
describe('provider shim', () => {
  // The test sets a secret in the environment to prove it is not captured; other tests in this
  // worker must see the environment they started with.
  const saved = process.env.ITCARE_CLIENT_SECRET;
  afterEach(() => {
    if (saved === undefined) delete process.env.ITCARE_CLIENT_SECRET;
    else process.env.ITCARE_CLIENT_SECRET = saved;
  });

  it('serializes to a small text that requires the engine at call time', async () => {
    process.env.ITCARE_CLIENT_SECRET = 'shim-test-secret-do-not-capture';
    const p = shim('compute.Instance');
    const s = await pulumi.runtime.serializeFunction(() => p, { isFactoryFunction: true });
    expect(s.text).toMatch(/require\(['"]pulumi-itcare\/provider\/engine['"]\)/);
    expect(s.text).toContain('compute.Instance');
    expect(s.text).not.toContain('shim-test-secret-do-not-capture');
    expect(s.text.length).toBeLessThan(4000);
    // Stable: the same text on every run, so refresh and destroy keep working across versions.
    const p2 = shim('compute.Instance');
    const again = await pulumi.runtime.serializeFunction(() => p2, { isFactoryFunction: true });
    expect(again.text.replace(/p2\b/g, 'p')).toBe(s.text);
  });
});
