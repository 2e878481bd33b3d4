import { rejection } from '../helpers/sdk';
import { BadRequestError, ConflictError, DryRunNotHonouredError, type ITCareClient, InvalidInputError, NotFoundError } from '../../sdk';
import { demoInstance, useEmulator, type LogEntry, sdkClient } from '../helpers/emulator';

/**
 * The client's public surface against the emulator: dry runs (and a server that ignores them),
 * Spring Page pagination, list filters and sort, generic verbs, and the typed resource methods
 * derived from the instance descriptor (parsed models with Date fields, operations, delete).
 */

const em = useEmulator();
let client: ITCareClient;
beforeAll(() => {
  client = sdkClient(em);
});

const INSTANCES = '/itcare/compute/instances';
const FAST = { minDelayMs: 20, maxDelayMs: 50, timeout: 10_000 };

async function apiLog(method: string, path = INSTANCES): Promise<LogEntry[]> {
  return (await em.control.log()).filter((e) => e.method === method && e.path === path);
}

async function seed(...names: string[]): Promise<void> {
  for (const name of names) await em.control.seedInstance({ name, serviceId: 1001 });
}

describe('dry run', () => {
  it('a dry-run POST returns the VALID body, is logged as a dry run, and creates nothing', async () => {
    const body = await client.post('/compute/instances', { body: demoInstance('dry01'), dryRun: true });

    expect(body).toEqual({ status: 'VALID', message: 'Dry run: nothing was done' });
    expect((await apiLog('POST')).map((e) => [e.status, e.dryRun])).toEqual([[200, true]]);
    expect(await em.control.instances()).toEqual([]);
    expect(await client.actions.list()).toEqual([]);
  });

  it('typed create({dryRun}) validates without an action; a failing dry run is the same error as a real call', async () => {
    const ok = await client.compute.instances.create(demoInstance('dry02'), { dryRun: true });
    expect(ok).toEqual({
      dryRun: true,
      message: 'Dry run: nothing was done',
      body: { status: 'VALID', message: 'Dry run: nothing was done' },
    });

    const err = await rejection(client.compute.instances.create(demoInstance('dry03', { ram: 3 }), { dryRun: true }));
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err).toMatchObject({ errorCode: 'INVALID_FIELD_VALUE', errorDesc: 'ram', httpStatus: 400 });
    expect((await apiLog('POST')).map((e) => [e.status, e.dryRun])).toEqual([
      [200, true],
      [400, true],
    ]);
    expect(await em.control.instances()).toEqual([]);
  });

  it('a 200 without the echoed ITCare-DryRun header is DryRunNotHonouredError, not a validation', async () => {
    await em.control.addFault({
      method: 'POST',
      path: `^${INSTANCES}$`,
      dryRun: true,
      count: 1,
      status: 200,
      body: { status: 'VALID', message: 'looks fine' },
      echoDryRun: false,
    });
    const err = await rejection(client.post('/compute/instances', { body: demoInstance('dry04'), dryRun: true }));

    expect(err).toBeInstanceOf(DryRunNotHonouredError);
    expect(err).toMatchObject({ code: 'ITCARE_DRY_RUN_NOT_HONOURED', method: 'POST', path: '/compute/instances', httpStatus: 200 });
    expect((err as Error).message).toContain('ITCare-DryRun');
    // The request did carry the header: the server is the one that did not say it honoured it.
    expect((await apiLog('POST')).map((e) => [e.status, e.dryRun])).toEqual([[200, true]]);

    // Without the fault the same dry run is accepted.
    await expect(client.post('/compute/instances', { body: demoInstance('dry04'), dryRun: true })).resolves.toMatchObject({
      status: 'VALID',
    });
  });
});

describe('lists', () => {
  // These tests check the filters the SDK sends against a server that applies them.
  beforeEach(async () => {
    await em.control.behaviour({ ignoreQueryFilters: false });
  });

  it('paginate walks every page: 7 instances, page size 3 → pages 0, 1, 2', async () => {
    await seed('pg01', 'pg02', 'pg03', 'pg04', 'pg05', 'pg06', 'pg07');
    const names: string[] = [];
    for await (const item of client.compute.instances.paginate({}, 3)) names.push(item.name);

    expect(names).toEqual(['pg01', 'pg02', 'pg03', 'pg04', 'pg05', 'pg06', 'pg07']);
    expect((await apiLog('GET')).map((e) => [e.query.page, e.query.size])).toEqual([
      ['0', '3'],
      ['1', '3'],
      ['2', '3'],
    ]);
  });

  it('paginate stops after an exact last page and passes filters on every page', async () => {
    await seed('ex01', 'ex02', 'ex03', 'ex04', 'other01');
    const names: string[] = [];
    for await (const item of client.compute.instances.paginate({ names: ['ex01', 'ex02', 'ex03', 'ex04'] }, 2)) names.push(item.name);

    expect(names).toEqual(['ex01', 'ex02', 'ex03', 'ex04']);
    const gets = await apiLog('GET');
    expect(gets.map((e) => e.query.page)).toEqual(['0', '1']);
    for (const e of gets) expect(e.query.names).toBe('ex01,ex02,ex03,ex04');
  });

  it('list with a names filter: comma lists and ! negation', async () => {
    await seed('alpha01', 'beta01', 'gamma01');
    const without = await client.compute.instances.list({ names: '!beta01' });
    expect(without.content.map((i) => i.name)).toEqual(['alpha01', 'gamma01']);

    const mixed = await client.compute.instances.list({ names: ['alpha01', 'beta01', '!beta01'] });
    expect(mixed.content.map((i) => i.name)).toEqual(['alpha01']);
    expect(mixed.totalElements).toBe(1);

    expect((await apiLog('GET')).map((e) => e.query.names)).toEqual(['!beta01', 'alpha01,beta01,!beta01']);
  });

  it('list with sort and paging parameters', async () => {
    await seed('sort-b', 'sort-c', 'sort-a');
    const desc = await client.compute.instances.list({ sort: 'name,desc' });
    expect(desc.content.map((i) => i.name)).toEqual(['sort-c', 'sort-b', 'sort-a']);

    const second = await client.compute.instances.list({ sort: 'name,asc', page: 1, size: 2 });
    expect(second.content.map((i) => i.name)).toEqual(['sort-c']);
    expect(second).toMatchObject({ number: 1, size: 2, totalElements: 3, totalPages: 2, last: true });
    expect((await apiLog('GET')).map((e) => e.query.sort)).toEqual(['name,desc', 'name,asc']);
  });

  it('generic verbs: get("/compute/services") returns the raw page; services() iterates it', async () => {
    const raw = (await client.get('/compute/services')) as { content: { id: number; name: string }[]; totalElements: number };
    expect(raw.totalElements).toBe(2);
    expect(raw.content.map((s) => [s.id, s.name])).toEqual([
      [1001, 'Demo'],
      [1002, 'Sandbox'],
    ]);

    const filtered = (await client.get('/compute/services', { query: { names: 'Sandbox' } })) as { content: { id: number }[] };
    expect(filtered.content.map((s) => s.id)).toEqual([1002]);

    const services: string[] = [];
    for await (const s of client.services()) services.push(s.key ?? '');
    expect(services).toEqual(['DEMO', 'SANDBOX']);
    const networks: number[] = [];
    for await (const n of client.networks({ services: '1001' })) networks.push(n.id);
    expect(networks).toEqual([2001, 2002]);
  });
});

describe('typed resource methods', () => {
  it('findByName returns exact matches, optionally within one service', async () => {
    await em.control.seedInstance({ name: 'web01', serviceId: 1001 });
    await em.control.seedInstance({ name: 'web01', serviceId: 1002 });
    await em.control.seedInstance({ name: 'web011', serviceId: 1001 });

    const everywhere = await client.compute.instances.findByName('web01');
    expect(everywhere.map((i) => [i.name, i.serviceId]).sort()).toEqual([
      ['web01', 1001],
      ['web01', 1002],
    ]);
    const inDemo = await client.compute.instances.findByName('web01', 1001);
    expect(inDemo.map((i) => [i.name, i.serviceId])).toEqual([['web01', 1001]]);
    expect(await client.compute.instances.findByName('nothere')).toEqual([]);
    expect((await apiLog('GET')).at(-2)!.query).toMatchObject({ names: 'web01', services: '1001' });
  });

  it('models come back parsed: creationTime is a Date, extra fields are kept', async () => {
    const before = Date.now();
    const accepted = await client.compute.instances.create(demoInstance('date01', { tags: { team: 'sdk' } }));
    const inst = await client.compute.instances.get(accepted.resourceId!);

    expect(inst.creationTime).toBeInstanceOf(Date);
    // The emulator writes it as `…+0000` (colon-less offset): parsed to the right instant (1 s slack for ms rounding).
    expect(inst.creationTime!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(inst).toMatchObject({ name: 'date01', status: 'CREATING', serviceId: 1001, cpu: 2, ram: 4, tags: { team: 'sdk' } });
    expect((inst as Record<string, unknown>).serviceName).toBe('Demo');
    const [listed] = (await client.compute.instances.list({ names: 'date01' })).content;
    expect(listed.creationTime).toBeInstanceOf(Date);
    expect(listed.creationTime!.getTime()).toBe(inst.creationTime!.getTime());
  });

  it('operate resize and stop, then delete with a changeReference', async () => {
    const created = await client.compute.instances.create(demoInstance('ops01'));
    await client.waitForAction(created.actionId!, FAST);
    const id = created.resourceId!;

    const resize = await client.compute.instances.operate(id, 'resize', { cpu: 4, ram: 8 });
    expect((await client.waitForAction(resize.actionId!, FAST)).process).toBe('RESIZE_INSTANCE');
    expect(await client.compute.instances.get(id)).toMatchObject({ cpu: 4, ram: 8, status: 'ACTIVE' });

    // Still ACTIVE: ITCare refuses a delete until the instance is stopped.
    const refused = await rejection(client.compute.instances.delete(id, { changeReference: 'CHG0042' }));
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused).toMatchObject({ errorCode: 'INVALID_STATE', httpStatus: 409 });

    const stop = await client.compute.instances.operate(id, 'stop', {});
    expect((await client.waitForAction(stop.actionId!, FAST)).process).toBe('STOP_INSTANCE');
    expect((await client.compute.instances.get(id)).status).toBe('INACTIVE');

    const del = await client.compute.instances.delete(id, { changeReference: 'CHG0042' });
    const done = await client.waitForAction(del.actionId!, FAST);
    // changeReference: the emulator keeps the DELETE body's value on the action, so this proves it was sent.
    expect(done).toMatchObject({ process: 'DELETE_INSTANCE', resourceName: 'ops01', status: 'SUCCESS', changeReference: 'CHG0042' });
    expect(await em.control.instances()).toEqual([]);
    expect((await apiLog('PATCH', `${INSTANCES}/${id}`)).map((e) => e.status)).toEqual([202, 202]);
    expect((await apiLog('DELETE', `${INSTANCES}/${id}`)).map((e) => e.status)).toEqual([409, 202]);
  });

  it('operation options and create bodies are validated before anything is sent', async () => {
    await seed('val01');
    const [inst] = (await client.compute.instances.list()).content;
    await em.control.clearLog();

    await expect(client.compute.instances.operate(inst.id, 'resize', { cpu: 0, ram: 8 })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(client.compute.instances.create(demoInstance('Bad_Name'))).rejects.toBeInstanceOf(InvalidInputError);
    await expect(client.compute.instances.operate(inst.id, 'explode' as never, {} as never)).rejects.toThrow(
      'Instance has no operation "explode" (allowed: ',
    );
    expect(await em.control.log()).toEqual([]);
  });

  it('an answer that is not the resource names the request and the first wrong field, or (root)', async () => {
    await em.control.addFault({ method: 'GET', path: `^${INSTANCES}/42$`, status: 200, count: 1, body: { id: 42, name: 7 } });
    await expect(client.compute.instances.get(42)).rejects.toThrow(
      /^ITCare GET \/compute\/instances\/42 returned an unexpected Instance: name: .+/,
    );
    await em.control.addFault({ method: 'GET', path: `^${INSTANCES}/42$`, status: 200, count: 1, body: ['not', 'an', 'object'] });
    await expect(client.compute.instances.get(42)).rejects.toThrow(
      /^ITCare GET \/compute\/instances\/42 returned an unexpected Instance: \(root\): .+/,
    );
  });

  it("a missing instance is NotFoundError with ITCare's fields", async () => {
    const err = await rejection(client.compute.instances.get(123456));

    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({
      code: 'ITCARE_NOT_FOUND',
      method: 'GET',
      path: '/compute/instances/123456',
      httpStatus: 404,
      errorCode: 'RESOURCE_NOT_FOUND',
    });
    expect((err as Error).message).toContain('GET /compute/instances/123456 failed with HTTP 404');
    await expect(client.compute.instances.operate(123456, 'stop', {})).rejects.toBeInstanceOf(NotFoundError);
  });
});
