import { rejection } from '../helpers/sdk';
import { DryRunNotHonouredError, type ITCareClient } from '../../sdk';
import { demoInstance, useEmulator, sdkClient } from '../helpers/emulator';

/**
 * The shape of a dry run's answer is INFERRED: any 2xx that echoes ITCare-DryRun is a passed
 * validation, whatever its body, and its message is kept. The emulator answers each shape on demand
 * (PUT /_emulator/dry-run), and nothing is ever created, changed or queued.
 */

const em = useEmulator();
let client: ITCareClient;
beforeAll(() => {
  client = sdkClient(em);
});

const MESSAGE = 'Dry run: nothing was done';

describe.each([
  ['valid', 200, { dryRun: true, message: MESSAGE, body: { status: 'VALID', message: MESSAGE } }],
  ['accepted', 202, { dryRun: true, message: MESSAGE, body: { id: 0, status: 'SUCCESS', message: MESSAGE } }],
  ['empty', 204, { dryRun: true, message: undefined, body: undefined }],
] as const)('a dry run answered "%s" (HTTP %i)', (answer, status, expected) => {
  beforeEach(async () => {
    await em.control.dryRunAnswer(answer);
  });

  it('create, operate and delete return a DryRunResult with its message, and nothing happens', async () => {
    const seeded = await em.control.seedInstance({ name: 'dryshape01', serviceId: 1001, status: 'INACTIVE' });

    expect(await client.compute.instances.create(demoInstance('dryshape02'), { dryRun: true })).toEqual(expected);
    expect(await client.compute.instances.operate(seeded.id, 'start', {}, { dryRun: true })).toEqual(expected);
    expect(await client.compute.instances.delete(seeded.id, { dryRun: true })).toEqual(expected);

    const log = (await em.control.log()).filter((e) => e.path.startsWith('/itcare/compute'));
    expect(log.map((e) => [e.method, e.status, e.dryRun])).toEqual([
      ['POST', status, true],
      ['PATCH', status, true],
      ['DELETE', status, true],
    ]);
    expect((await em.control.instances()).map((i) => [i.name, i.status])).toEqual([['dryshape01', 'INACTIVE']]);
    expect(await client.actions.list()).toEqual([]);
  });
});

it('a 200 with any other body is a validation too; without the echoed header it is not', async () => {
  await em.control.addFault({ method: 'POST', dryRun: true, status: 200, body: { result: 'fine' }, count: 1 });
  expect(await client.compute.instances.create(demoInstance('dryshape03'), { dryRun: true })).toEqual({
    dryRun: true,
    message: undefined,
    body: { result: 'fine' },
  });

  await em.control.dryRunAnswer('accepted');
  await em.control.addFault({ method: 'POST', dryRun: true, status: 202, body: { id: 0, status: 'SUCCESS' }, echoDryRun: false, count: 1 });
  expect(await rejection(client.compute.instances.create(demoInstance('dryshape03'), { dryRun: true }))).toBeInstanceOf(
    DryRunNotHonouredError,
  );
});
