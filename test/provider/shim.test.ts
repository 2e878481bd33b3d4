import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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

  it('is one object per kind, so Pulumi serializes it once for all the resources of that kind', () => {
    expect(shim('compute.Instance')).toBe(shim('compute.Instance'));
    expect(Object.getPrototypeOf(shim('compute.Instance'))).toBe(require('../../provider/dynamic'));
  });

  it('serializes (copied by value, as in a linked checkout) to a text that requires the engine at call time', async () => {
    process.env.ITCARE_CLIENT_SECRET = 'shim-test-secret-do-not-capture';
    const p = shim('compute.Instance');
    const s = await pulumi.runtime.serializeFunction(() => p, { isFactoryFunction: true });
    expect(s.text).toMatch(/require\(['"]pulumi-itcare\/provider\/engine['"]\)/);
    expect(s.text).toContain('compute.Instance');
    expect(s.text).not.toContain('shim-test-secret-do-not-capture');
    expect(s.text.length).toBeLessThan(4000); // installed under node_modules: ≤ 600, see test/e2e/legacyState.test.ts
    // Stable: the same text on every run, so refresh and destroy keep working across versions.
    const p2 = shim('compute.Instance');
    const again = await pulumi.runtime.serializeFunction(() => p2, { isFactoryFunction: true });
    expect(again.text.replace(/p2/g, 'p')).toBe(s.text);
  });

  it('tells how to fix a program project where the package cannot be loaded', async () => {
    const p = shim('compute.Instance');
    const { text } = await pulumi.runtime.serializeFunction(() => p, { isFactoryFunction: true });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-shim-')); // no node_modules up from here
    fs.writeFileSync(path.join(dir, 'provider.js'), text);
    const script = `require('./provider.js').handler.check({}, {}).then(() => console.log('loaded'), (e) => console.log(e.message))`;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(out).toMatch(/pulumi-itcare: cannot load the provider implementation \(Cannot find module 'pulumi-itcare\/provider\/engine'/);
    expect(out).toMatch(/npm install pulumi-itcare/);
  });
});
