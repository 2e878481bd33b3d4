import * as native from '../../native';
import { catalog } from '../../sdk/resources';

test('every catalogue kind has its class in pulumi-itcare/native, under its module', () => {
  const modules = native as unknown as Record<string, Record<string, unknown> | undefined>;
  for (const key of Object.keys(catalog)) {
    const [module, kind] = key.split('.');
    expect(typeof modules[module]?.[kind]).toBe('function');
  }
});
