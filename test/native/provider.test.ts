import type { NativeDiffResult } from '../../native/diffResponse';
import { nativeProvider, urnParts } from '../../native/provider';
import { configure } from '../../provider/engine';
import { DECLARED } from '../../provider/outputs';
import { ResourceKind } from '../../provider/resourceKind';
import type { AnyResourceDescriptor } from '../../sdk/resources/descriptor';
import { sampleOf } from '../helpers/catalogSamples';
import { useProviderEmulator } from '../helpers/emulator';
import { settingsOf } from '../../native/configure';
import { FUNCTIONS, functionOfToken, kindOfToken, tokenOf } from '../../native/tokens';
import { catalog, type CatalogKey } from '../../sdk/resources';

test('a URN gives its stack, project, type (the last of a parent chain) and name', () => {
  expect(urnParts('urn:pulumi:dev::shop::itcare:compute:Instance::web01')).toEqual({
    stack: 'dev',
    project: 'shop',
    type: 'itcare:compute:Instance',
    name: 'web01',
  });
  expect(urnParts('urn:pulumi:dev::shop::my:Tier$itcare:databases:PostgreSQL::db::x')).toEqual({
    stack: 'dev',
    project: 'shop',
    type: 'itcare:databases:PostgreSQL',
    name: 'db::x',
  });
});

test('every catalogue kind has a token that leads back to it; every lookup a function token', () => {
  for (const key of Object.keys(catalog)) expect(kindOfToken(tokenOf(key))).toBe(key);
  expect(tokenOf('databases.PostgreSQL')).toBe('itcare:databases:PostgreSQL');
  expect(kindOfToken('itcare:compute:Nope')).toBeUndefined();
  for (const [name, { token }] of Object.entries(FUNCTIONS)) expect(functionOfToken(token)).toBe(name);
});

test("the engine's configuration variables become the settings' keys", () => {
  const vars = new Map([
    ['itcare:config:url', 'http://x/itcare'],
    ['itcare:config:clientSecret', 's'],
  ]);
  expect([...settingsOf(vars).entries()]).toEqual([
    ['itcare:url', 'http://x/itcare'],
    ['itcare:clientSecret', 's'],
  ]);
});

describe("the plugin's diff of a create-only change, every kind (the emulator over HTTP)", () => {
  const em = useProviderEmulator();
  const itcare = nativeProvider('0.0.0', '{}');
  // Server validation off: the answer under test is the plan; the name check still asks ITCare.
  beforeAll(() => {
    process.env.ITCARE_SERVER_VALIDATION = 'false';
    configure({ config: { get: () => undefined } });
  });
  afterAll(() => {
    delete process.env.ITCARE_SERVER_VALIDATION;
    configure({ config: { get: () => undefined } });
  });
  const replaced = (Object.keys(catalog) as CatalogKey[]).filter((k) => Object.keys(sampleOf(k).replace).length > 0);

  test.each(replaced)(
    '%s: replaces naming the field, deleteBeforeReplace exactly where names are unique, the field among the changed keys',
    async (key) => {
      const d = catalog[key] as AnyResourceDescriptor;
      // A sample's { $ref } (a load balancer's members) is another resource's id in a real program.
      const args = JSON.parse(JSON.stringify(sampleOf(key).args).replace(/\{"\$ref":"[^"]+"\}/g, '1')) as Record<string, unknown>;
      const olds = { ...args, [DECLARED]: ResourceKind.of(d).outputs.pickDeclared(args), status: d.statuses.created };
      const news = { ...args, ...sampleOf(key).replace };
      const urn = `urn:pulumi:dev::shop::${tokenOf(key)}::x`;
      await em.control.clearLog();
      const diff = (await itcare.diff!('1', urn, olds, news)) as NativeDiffResult;
      const fields = Object.keys(sampleOf(key).replace);
      expect(diff).toMatchObject({ changes: true, replaces: fields, deleteBeforeReplace: d.uniqueName });
      expect(diff.diffs).toEqual(expect.arrayContaining(fields));
      // Deleting first is safe only if no other resource holds the name: ITCare was asked.
      if (d.uniqueName) expect((await em.control.log()).some((e) => e.method === 'GET' && e.path.startsWith('/itcare/'))).toBe(true);
    },
  );
});
