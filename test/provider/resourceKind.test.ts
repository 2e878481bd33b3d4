import { ITCareClient } from '../../sdk/client';
import { catalog, type CatalogKey } from '../../sdk/resources';
import { instances } from '../../sdk/resources/instance';
import { loadBalancerUrls } from '../../sdk/resources/loadBalancerUrl';
import { snapshots } from '../../sdk/resources/snapshot';
import { ProviderInputs } from '../../provider/inputs';
import { ResourceKind } from '../../provider/resourceKind';

/**
 * The provider's one object per kind: built once per descriptor, it answers what the descriptor
 * decides about a resource's name, create body, client and input schema. Its collaborators (owner,
 * plan, refusals, outputs, validation) are tested under their own modules' names.
 */
const instance = ResourceKind.of(instances);
// Requests are never sent here: the client only builds paths.
const api = new ITCareClient({
  url: 'http://127.0.0.1:1/itcare',
  issuer: 'http://127.0.0.1:1/realms/x',
  clientId: 'id',
  clientSecret: 'secret',
});

test('one kind per descriptor, the same object every time, for every key of the catalogue', () => {
  expect(ResourceKind.of(instances)).toBe(instance);
  expect(ResourceKind.named('compute.Instance')).toBe(instance);
  for (const key of Object.keys(catalog) as CatalogKey[]) {
    const kind = ResourceKind.named(key)!;
    expect([key, kind.d, kind.qualified]).toEqual([key, catalog[key], key]);
  }
  expect(ResourceKind.named('compute.Mainframe' as CatalogKey)).toBeUndefined();
});

test('a resource is named by its name field, else its name, else "?"; a label adds the qualified kind', () => {
  expect(instance.nameOf({ name: 'web01' })).toBe('web01');
  expect(instance.label({ name: 'web01' })).toBe('compute.Instance web01');
  expect(ResourceKind.of(snapshots).nameOf({ description: 'before upgrade', name: 'ignored' })).toBe('before upgrade');
  expect(ResourceKind.of(snapshots).nameOf({ name: 'fallback' })).toBe('fallback');
  expect(instance.nameOf({})).toBe('?');
});

test('the create body holds the create fields given, never the provider inputs or the power state', () => {
  const inputs = {
    name: 'web01',
    serviceId: 1001,
    cpu: 2,
    powerState: 'stopped',
    adopt: true,
    __owner: 'o/p/s/h',
    timeouts: { create: '1h' },
    description: undefined,
  };
  expect(instance.createBody(inputs)).toEqual({ name: 'web01', serviceId: 1001, cpu: 2 });
});

test("a child's client is under the parent its inputs name; a top-level kind's under its collection", () => {
  expect(ResourceKind.of(loadBalancerUrls).clientFor(api, { loadBalancerId: 42, name: 'www.example.com' }).path).toBe(
    '/networking/loadbalancers/42/urls',
  );
  expect(instance.clientFor(api, { name: 'web01', loadBalancerId: 42 }).path).toBe('/compute/instances');
});

test('the input schema: the create fields, the power state where the kind has one, the provider inputs', () => {
  const shape = Object.keys(instance.inputSchema().shape);
  for (const f of [...Object.keys(instances.create.shape), 'powerState', ...Object.keys(ProviderInputs.shape)]) expect(shape).toContain(f);
  expect(Object.keys(ResourceKind.of(loadBalancerUrls).inputSchema().shape)).not.toContain('powerState');
  expect(instance.inputSchema()).toBe(instance.inputSchema()); // built once
  expect(instance.inputSchema().safeParse({ name: 'web01', nmae: 'typo' }).success).toBe(false); // strict
});
