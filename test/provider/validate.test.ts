import { ForbiddenError } from '../../sdk/errors';
import { instances } from '../../sdk/resources/instance';
import { UNKNOWN } from '../../provider/inputs';
import { loadBalancers } from '../../sdk/resources/loadBalancer';
import { loadBalancerUrls } from '../../sdk/resources/loadBalancerUrl';
import { demoInstance, spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { fastClient, rejection } from '../helpers/sdk';
import { ResourceKind } from '../../provider/resourceKind';

const instanceKind = ResourceKind.of(instances);
const loadBalancerKind = ResourceKind.of(loadBalancers);
const urlKind = ResourceKind.of(loadBalancerUrls);

/**
 * What check reports: schema failures by property, and a dry run's refusal in ITCare's own words,
 * on the field ITCare names only when it names one. Failures other than a refusal of the inputs are
 * thrown, never turned into a check failure that would blame the program.
 */
jest.setTimeout(60_000);

let em: SpawnedEmulator;
const POSTS = '^/itcare/compute/instances$';
const inputs = (name: string, extra: Record<string, unknown> = {}) => demoInstance(name, { __provider: 'shim', ...extra });
/** An instance already at ITCare under this name (no action of its own), ACTIVE unless `extra` says. */
const seed = (name: string, extra: Record<string, unknown> = {}) =>
  em.control.seedInstance(demoInstance(name, { status: 'ACTIVE', ...extra }));
/** The real and dry-run creates of instances sent to the emulator, as its log has them. */
const posts = async () => (await em.control.log()).filter((e) => e.method === 'POST' && e.path === '/itcare/compute/instances');
/** The PATCHes sent, each as its dry-run flag. */
const patches = async () => (await em.control.log()).filter((e) => e.method === 'PATCH').map((e) => e.dryRun);
/** Makes the next dry-run create answer 409: ITCare refusing the name before judging the rest. */
const refuseName = (name: string) =>
  em.control.addFault({
    method: 'POST',
    path: POSTS,
    dryRun: true,
    status: 409,
    count: 1,
    body: { errorCode: 'RESOURCE_ALREADY_EXISTS', errorDesc: 'name', errorMessage: `name ${name} already exists` },
  });

beforeAll(async () => {
  em = await spawnEmulator();
});
afterAll(async () => {
  await em?.stop();
});
beforeEach(async () => {
  await em.control.reset();
});

describe('schema failures', () => {
  it('a missing name is reported on `name`, the resource named by its kind alone', () => {
    const { name: _name, ...nameless } = inputs('x');
    const { failures } = instanceKind.validation.schemaFailures(nameless);
    expect(failures).toEqual([expect.objectContaining({ property: 'name', reason: expect.stringMatching(/^Instance: name: /) })]);
  });
});

describe('dry-run refusals', () => {
  it('an errorDesc that is not a field name is kept off `property`; no errorCode: the HTTP status is named', async () => {
    await em.control.addFault({
      method: 'POST',
      path: POSTS,
      dryRun: true,
      status: 400,
      count: 1,
      body: { status: 'BAD_REQUEST', errorDesc: 'quota exceeded for this tenant', errorMessage: 'Your quota of 40 vCPU is used up' },
    });
    const failures = await instanceKind.validation.dryRunCreate(fastClient(em), 'validate-test|a', inputs('val01'));
    expect(failures).toEqual([
      { property: '', reason: 'Instance val01: ITCare rejected it in dry run (HTTP 400): Your quota of 40 vCPU is used up' },
    ]);
  });

  it("an errorDesc that names a field is the failure's property, with ITCare's errorCode", async () => {
    await em.control.addFault({
      method: 'POST',
      path: POSTS,
      dryRun: true,
      status: 422,
      count: 1,
      body: { errorCode: 'INVALID_FIELD_VALUE', errorDesc: 'ram', errorMessage: 'ram too large' },
    });
    const failures = await instanceKind.validation.dryRunCreate(fastClient(em), 'validate-test|b', inputs('val02'));
    expect(failures).toEqual([
      { property: 'ram', reason: 'Instance val02: ITCare rejected it in dry run (INVALID_FIELD_VALUE): ram too large' },
    ]);
  });

  it('a dry run refused for the caller (403) is thrown: it says nothing about the inputs', async () => {
    await em.control.addFault({
      method: 'POST',
      path: POSTS,
      dryRun: true,
      status: 403,
      count: 1,
      body: { errorCode: 'ACCESS_DENIED', errorMessage: 'not a member of service 1001' },
    });
    const err = await rejection(instanceKind.validation.dryRunCreate(fastClient(em), 'validate-test|c', inputs('val03')));
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err).toMatchObject({ httpStatus: 403, errorCode: 'ACCESS_DENIED' });
  });

  it("an update's dry run that cannot read the resource (403) throws; one whose resource is gone (404) judges nothing", async () => {
    const vm = await seed('val04');
    const path = `^/itcare/compute/instances/${vm.id}$`;
    await em.control.addFault({ method: 'GET', path, status: 403, count: 1 });
    const err = await rejection(
      instanceKind.validation.dryRunUpdate(
        fastClient(em),
        'validate-test|d',
        String(vm.id),
        inputs('val04', { cpu: 4, ram: 8 }),
        undefined,
      ),
    );
    expect(err).toBeInstanceOf(ForbiddenError);
    await em.control.addFault({ method: 'GET', path, status: 404, count: 1 });
    await expect(
      instanceKind.validation.dryRunUpdate(
        fastClient(em),
        'validate-test|d',
        String(vm.id),
        inputs('val04', { cpu: 4, ram: 8 }),
        undefined,
      ),
    ).resolves.toBeUndefined();
    expect(await patches()).toEqual([]);
  });
});

describe('names held by the resource itself (the check with olds, before a replacement the engine decides)', () => {
  const target = 'self-held-notes';
  it('is noted only for the same name in the same service, once, and only where ITCare names are unique', () => {
    instanceKind.validation.noteSelfHeld(target, inputs('own01'), inputs('own01', { ram: 8 }));
    expect(instanceKind.validation.takeSelfHeld(target, inputs('own01', { ram: 8 }))).toBe(true);
    expect(instanceKind.validation.takeSelfHeld(target, inputs('own01', { ram: 8 }))).toBe(false); // taken once
    // A rename: the new name's holder, if any, is someone else.
    instanceKind.validation.noteSelfHeld(target, inputs('own02'), inputs('own03'));
    expect(instanceKind.validation.takeSelfHeld(target, inputs('own03'))).toBe(false);
    // Another service: the name there is someone else's.
    instanceKind.validation.noteSelfHeld(target, inputs('own04', { serviceId: 1002 }), inputs('own04'));
    expect(instanceKind.validation.takeSelfHeld(target, inputs('own04'))).toBe(false);
    // Load balancer names are not unique at ITCare: no create is ever refused for its name.
    const lb = { name: 'lb01', serviceId: 1001 };
    loadBalancerKind.validation.noteSelfHeld(target, lb, lb);
    expect(loadBalancerKind.validation.takeSelfHeld(target, lb)).toBe(false);
  });
});

describe('recorded create verdicts are kept apart by how the name was judged', () => {
  it("a verdict under the resource's own name (selfHeld) or an adoption is not reused for a plain create of the same inputs", async () => {
    await seed('key01');
    const target = `verdict-keys-${Math.random()}`;
    const api = fastClient(em);
    const taken = [expect.objectContaining({ property: 'name', reason: expect.stringMatching(/key01/) })];
    // Held by the resource itself (the engine's check with olds said so): judged under a probe name.
    expect(await instanceKind.validation.dryRunCreate(api, target, inputs('key01'), { selfHeld: true })).toEqual([]);
    // The same inputs as a plain create: the holder is someone else's.
    expect(await instanceKind.validation.dryRunCreate(api, target, inputs('key01'))).toEqual(taken);
    // Adopting the holder is fine; a plain create afterwards is still refused.
    const target2 = `${target}-adopt`;
    expect(await instanceKind.validation.dryRunCreate(api, target2, inputs('key01', { adopt: true }))).toEqual([]);
    expect(await instanceKind.validation.dryRunCreate(api, target2, inputs('key01'))).toEqual(taken);
  });
});

describe('values not known yet', () => {
  it('a create with a value not known yet (preview) is not judged: no dry run is sent', async () => {
    await em.control.clearLog();
    expect(
      await instanceKind.validation.dryRunCreate(fastClient(em), `unknown-${Math.random()}`, inputs('unk01', { networkId: UNKNOWN })),
    ).toEqual([]);
    expect(await posts()).toEqual([]);
  });
});

describe('a name already taken at ITCare', () => {
  const api = () => fastClient(em);
  const target = () => `taken-${Math.random()}`;
  const taken = (name: string) => [expect.objectContaining({ property: 'name', reason: expect.stringMatching(new RegExp(name)) })];

  it('a verdict is recorded: the same inputs checked again send no second dry run', async () => {
    const t = target();
    expect(await instanceKind.validation.dryRunCreate(api(), t, inputs('rec01'))).toEqual([]);
    await em.control.clearLog();
    expect(await instanceKind.validation.dryRunCreate(api(), t, inputs('rec01'))).toEqual([]);
    expect(await posts()).toEqual([]);
  });

  it("a create forgets the verdicts about its own name only: another name's verdict still holds", async () => {
    const t = target();
    expect(await instanceKind.validation.dryRunCreate(api(), t, inputs('keep01'))).toEqual([]);
    instanceKind.validation.forgetCreate(inputs('other01'));
    await em.control.clearLog();
    expect(await instanceKind.validation.dryRunCreate(api(), t, inputs('keep01'))).toEqual([]);
    expect(await posts()).toEqual([]);
    instanceKind.validation.forgetCreate(inputs('keep01'));
    expect(await instanceKind.validation.dryRunCreate(api(), t, inputs('keep01'))).toEqual([]);
    expect(await posts()).toHaveLength(1);
  });

  it("held by a resource carrying this resource's own marker (a create of ours Pulumi never recorded): no failure", async () => {
    const mark = 'acme/web/dev/0123456789abcdef';
    await seed('mine01', { tags: { 'pulumi-itcare-owner': mark } });
    expect(await instanceKind.validation.dryRunCreate(api(), target(), inputs('mine01', { __owner: mark }))).toEqual([]);
    expect(
      await instanceKind.validation.dryRunCreate(api(), target(), inputs('mine01', { __owner: 'acme/web/dev/fedcba9876543210' })),
    ).toEqual(taken('mine01'));
  });

  it('held by the resource itself (selfHeld) only when it is the one holder', async () => {
    for (let i = 0; i < 2; i++) await seed('two01');
    expect(await instanceKind.validation.dryRunCreate(api(), target(), inputs('two01'), { selfHeld: true })).toEqual(taken('two01'));
  });

  it('a 409 while nobody visible holds the name is the name taken: neither our own creation nor the replaced resource', async () => {
    await refuseName('ghost01');
    expect(
      await instanceKind.validation.dryRunCreate(api(), target(), inputs('ghost01', { __owner: 'acme/web/dev/0123456789abcdef' })),
    ).toEqual(taken('ghost01'));
    await refuseName('ghost01');
    expect(await instanceKind.validation.dryRunCreate(api(), target(), inputs('ghost01'), { replacingId: '77' })).toEqual(taken('ghost01'));
  });

  it('held by the replaced resource and by another one: the name is taken', async () => {
    const replaced = await seed('pair01');
    await seed('pair01');
    expect(await instanceKind.validation.dryRunCreate(api(), target(), inputs('pair01'), { replacingId: String(replaced.id) })).toEqual(
      taken('pair01'),
    );
  });

  it('refused for its name first while held by the resource itself: the rest is judged under a probe name, reported under the real one', async () => {
    await seed('first01');
    await refuseName('first01');
    const failures = await instanceKind.validation.dryRunCreate(api(), target(), inputs('first01', { cpu: 3 }), { selfHeld: true });
    expect(failures).toEqual([
      expect.objectContaining({ property: 'cpu', reason: expect.stringMatching(/first01: ITCare rejected it in dry run/) }),
    ]);
  });
});

describe('assertNameFree: a replacement without server validation never deletes first when another resource holds the name', () => {
  it('passes when nobody or only the replaced resource holds the name; otherwise names the holder', async () => {
    const replaced = await seed('free01');
    await expect(instanceKind.validation.assertNameFree(fastClient(em), inputs('free01'), String(replaced.id))).resolves.toBeUndefined();
    await expect(instanceKind.validation.assertNameFree(fastClient(em), inputs('free02'), String(replaced.id))).resolves.toBeUndefined();
    const other = await seed('free01');
    await expect(instanceKind.validation.assertNameFree(fastClient(em), inputs('free01'), String(replaced.id))).rejects.toThrow(
      `Instance free01: resource ${other.id} already holds this name in service 1001; the replacement would delete ${replaced.id} and then fail to create.`,
    );
  });
});

describe('an update dry run', () => {
  it('is recorded: the same update checked again sends no second dry run', async () => {
    const vm = await seed('again01');
    const t = `again-${Math.random()}`;
    await instanceKind.validation.dryRunUpdate(fastClient(em), t, String(vm.id), inputs('again01', { cpu: 4, ram: 8 }));
    await instanceKind.validation.dryRunUpdate(fastClient(em), t, String(vm.id), inputs('again01', { cpu: 4, ram: 8 }));
    expect(await patches()).toEqual([true]);
  });

  it("is judged again once the resource's status moved (a stop between two previews)", async () => {
    const vm = await seed('moved01');
    const t = `moved-${Math.random()}`;
    await instanceKind.validation.dryRunUpdate(fastClient(em), t, String(vm.id), inputs('moved01', { cpu: 4, ram: 8 }));
    const api = fastClient(em);
    await api.waitForAction((await api.compute.instances.operate(vm.id, 'stop', {})).actionId!);
    await instanceKind.validation.dryRunUpdate(fastClient(em), t, String(vm.id), inputs('moved01', { cpu: 4, ram: 8 }));
    expect(await patches()).toEqual([true, false, true]);
  });

  it('judges nothing while an action runs on the resource: none sent, and ACTION_IN_PROGRESS is not a refusal', async () => {
    const vm = await seed('busy01');
    await em.control.timing({ durationMs: 20_000 });
    await fastClient(em).compute.instances.operate(vm.id, 'resize', { cpu: 2, ram: 8 });
    await em.control.clearLog();
    await instanceKind.validation.dryRunUpdate(
      fastClient(em),
      `busy-${Math.random()}`,
      String(vm.id),
      inputs('busy01', { cpu: 4, ram: 8 }),
    );
    expect(await patches()).toEqual([]);
    const idle = await seed('busy02');
    await em.control.addFault({
      method: 'PATCH',
      dryRun: true,
      status: 409,
      count: 1,
      body: { errorCode: 'ACTION_IN_PROGRESS', errorMessage: 'an action is running' },
    });
    await expect(
      instanceKind.validation.dryRunUpdate(fastClient(em), `busy-${Math.random()}`, String(idle.id), inputs('busy02', { cpu: 4, ram: 8 })),
    ).resolves.toBeUndefined();
  });

  it('judges every planned operation: the resize and the start that follows it', async () => {
    const vm = await seed('plan01', { status: 'INACTIVE' });
    await em.control.clearLog();
    await instanceKind.validation.dryRunUpdate(
      fastClient(em),
      `plan-${Math.random()}`,
      String(vm.id),
      inputs('plan01', { cpu: 4, ram: 8, powerState: 'running' }),
    );
    expect(await patches()).toEqual([true, true]);
  });
});

describe('claimName: one name, two resources of one program', () => {
  it('only where ITCare names are unique: two URLs of one name under two load balancers are fine', () => {
    const t = `claim-${Math.random()}`;
    const url = { name: 'www.shop.cegedim.cloud' };
    expect([
      urlKind.validation.claimName(t, { ...url, loadBalancerId: 1 }),
      urlKind.validation.claimName(t, { ...url, loadBalancerId: 2 }),
    ]).toEqual([undefined, undefined]);
    expect(instanceKind.validation.claimName(t, inputs('twin01'))).toBeUndefined();
    expect(instanceKind.validation.claimName(t, inputs('twin01'))).toMatchObject({
      property: 'name',
      reason: expect.stringMatching(/^Instance twin01: another resource of this program is also named twin01 in service 1001/),
    });
  });
});
