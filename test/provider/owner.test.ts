import { instances } from '../../sdk/resources/instance';
import { Lifecycle } from '../../provider/lifecycle';
import { OWNER_TAG, ownedBy, ownerMarker } from '../../provider/owner';
import { loadBalancers } from '../../sdk/resources/loadBalancer';
import { spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { fastClient } from '../helpers/sdk';
import { ResourceKind } from '../../provider/resourceKind';

const instanceKind = ResourceKind.of(instances);

/**
 * Tags ITCare adds on its own (emulator switch `serverTags`): never a diff, never planned out of
 * existence by an update of the program's own tags; a tag the program declared and dropped is removed.
 */
jest.setTimeout(60_000);

let em: SpawnedEmulator;
let life: Lifecycle;
const MARK = 'organization/proj/dev/0123456789abcdef';
const SERVER = { 'itcare-backup-policy': 'daily' };
const inputs = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  serviceId: 1001,
  productCode: 'deb12',
  networkId: 2001,
  cpu: 2,
  ram: 4,
  __provider: 'shim',
  __owner: MARK,
  ...extra,
});
const tagsAtITCare = async (id: string) => (await em.control.instances()).find((i) => String(i.id) === id)!.tags;

beforeAll(async () => {
  em = await spawnEmulator();
  life = new Lifecycle(instanceKind, fastClient(em));
});
afterAll(async () => {
  await em?.stop();
});
beforeEach(async () => {
  await em.control.reset();
  await em.control.timing({ durationMs: 50 });
  await em.control.behaviour({ serverTags: SERVER });
});

describe('tags ITCare adds on its own', () => {
  it('are not in the outputs, so the same program shows no diff', async () => {
    const declared = inputs('srv01', { tags: { team: 'web' } });
    const { id, outs } = await life.create(declared);
    expect(await tagsAtITCare(id)).toEqual({ team: 'web', ...SERVER, [OWNER_TAG]: MARK });
    expect(outs.tags).toEqual({ team: 'web' });
    expect(instanceKind.plan.changedFields(outs, declared)).toEqual([]);
    const { props } = (await life.read(id, outs)) as { props: Record<string, unknown> };
    expect(instanceKind.plan.changedFields(props, declared)).toEqual([]);
  });

  it('survive an update of the declared tags, while a declared tag dropped from the program is removed', async () => {
    const { id, outs } = await life.create(inputs('srv02', { tags: { team: 'web', tier: 'front' } }));
    const { outs: after } = await life.update(id, inputs('srv02', { tags: { team: 'db' } }), outs);
    expect(await tagsAtITCare(id)).toEqual({ team: 'db', ...SERVER, [OWNER_TAG]: MARK });
    expect(after.tags).toEqual({ team: 'db' });
  });

  it("are none of the program's when it declares no tags: declaring some later keeps them", async () => {
    const { id, outs } = await life.create(inputs('srv03'));
    expect(outs.tags).toEqual({});
    await life.update(id, inputs('srv03', { tags: { team: 'ops' } }), outs);
    expect(await tagsAtITCare(id)).toEqual({ team: 'ops', ...SERVER, [OWNER_TAG]: MARK });
  });

  it('a declared tag removed at ITCare shows as drift', () => {
    const outs = instanceKind.outputs.buildOutputs(inputs('srv04', { tags: { team: 'web' } }), {
      id: 4,
      name: 'srv04',
      tags: { ...SERVER },
    });
    expect(outs.tags).toEqual({});
    expect(instanceKind.plan.changedFields(outs, inputs('srv04', { tags: { team: 'web' } }))).toContain('tags');
  });
});

describe('ownerMarker', () => {
  it('is org/project/stack and a short hash of the resource, the same for the same resource, another for another', () => {
    const mark = ownerMarker('acme', 'web', 'dev', 'compute.Instance', 'web01');
    expect(mark).toMatch(/^acme\/web\/dev\/[0-9a-f]{16}$/);
    expect(ownerMarker('acme', 'web', 'dev', 'compute.Instance', 'web01')).toBe(mark);
    expect(ownerMarker('acme', 'web', 'dev', 'compute.Instance', 'web02')).not.toBe(mark);
    expect(ownerMarker('acme', 'web', 'prod', 'compute.Instance', 'web01').slice(-16)).not.toBe(mark.slice(-16));
  });
});

describe('the persisted names of the marker', () => {
  // Resources created by earlier releases carry the tag `pulumi-itcare-owner` at ITCare, and their
  // Pulumi states the input `__owner`: renaming either would orphan them (no adoption after a crash).
  it('the marker travels as the __owner input and is written as the pulumi-itcare-owner tag', () => {
    const mark = ownerMarker('acme', 'web', 'dev', 'compute.Instance', 'web01');
    expect(instanceKind.owner.markedBody({ name: 'web01', tags: { team: 'web' } }, { name: 'web01', __owner: mark })).toEqual({
      name: 'web01',
      tags: { team: 'web', 'pulumi-itcare-owner': mark },
    });
  });
});

describe('desiredWithOwner: the tags an update converges to', () => {
  const own = { [OWNER_TAG]: MARK };
  const foreign = { [OWNER_TAG]: 'organization/proj/prod/fedcba9876543210' };
  const tagsFor = (inputs: Record<string, unknown>, current: Record<string, unknown>) =>
    instanceKind.owner.desiredWithOwner(inputs, current).tags;

  it('keeps the tags the program never declared, with or without a marker of its own', () => {
    expect(tagsFor({ tags: { team: 'web' } }, { tags: { team: 'db', ...SERVER } })).toStrictEqual({ ...SERVER, team: 'web' });
    expect(tagsFor({ tags: { team: 'web' }, __owner: MARK }, { tags: { team: 'db', ...SERVER } })).toStrictEqual({
      ...SERVER,
      team: 'web',
      ...own,
    });
  });

  it("the marker alone never changes the tags: an unmarked resource, or another stack's, keeps them exactly", () => {
    // The program declares the server's tags in another order: nothing changes, so nothing is added.
    expect(tagsFor({ tags: { team: 'db', ...SERVER }, __owner: MARK }, { tags: { ...SERVER, team: 'db' } })).toStrictEqual({
      ...SERVER,
      team: 'db',
    });
    expect(tagsFor({ tags: { team: 'db' } }, { tags: { team: 'db', ...foreign } })).toStrictEqual({ team: 'db', ...foreign });
  });

  it('tags ITCare answers as null count as none', () => {
    expect(tagsFor({ tags: { team: 'web' }, __owner: MARK }, { tags: null })).toStrictEqual({ team: 'web', ...own });
  });
});

describe('programView and ownedBy', () => {
  it('shows the program only the tags it declares, none when it declares none; other resources and untagged models as they are', () => {
    const model = { name: 'web01', tags: { team: 'web', ...SERVER, [OWNER_TAG]: MARK } };
    expect(instanceKind.owner.programView(model, { team: 'x' })).toStrictEqual({ name: 'web01', tags: { team: 'web' } });
    expect(instanceKind.owner.programView(model, undefined)).toStrictEqual({ name: 'web01', tags: {} });
    expect(instanceKind.owner.programView(model, null)).toStrictEqual({ name: 'web01', tags: {} });
    expect(instanceKind.owner.programView({ name: 'web01' }, { team: 'x' })).toStrictEqual({ name: 'web01' });
    const cleared = { name: 'web01', tags: null };
    expect(instanceKind.owner.programView(cleared, { team: 'x' })).toBe(cleared);
    const text = { name: 'web01', tags: 'team:web' }; // not the map we know: shown as ITCare sent it
    expect(instanceKind.owner.programView(text, { team: 'x' })).toBe(text);
    const lb = { url: 'shop.cegedim.cloud', tags: { ...SERVER } };
    expect(ResourceKind.of(loadBalancers).owner.programView(lb, undefined)).toBe(lb);
  });

  it("ours only with exactly our marker: an empty marker is nobody's", () => {
    expect(ownedBy({ tags: { [OWNER_TAG]: MARK } }, { __owner: MARK })).toBe(true);
    expect(ownedBy({ tags: { [OWNER_TAG]: '' } }, { __owner: '' })).toBe(false);
    expect(ownedBy({ tags: { [OWNER_TAG]: MARK } }, {})).toBe(false);
  });
});
