import { inspect } from 'node:util';
import { z } from 'zod';
import { itcareRejection } from '../helpers/sdk';
import { InvalidArgumentError, InvalidInputError, type ITCareClient } from '../../sdk';
import { describeIssue as providerDescribeIssue } from '../../provider/inputs';
import { describeIssue } from '../../sdk/inputs';
import { demoInstance, useEmulator, sdkClient } from '../helpers/emulator';

/**
 * Bad input to the SDK is an ITCareError with a stable code (ITCARE_INVALID_INPUT) whose message names
 * each field and what is allowed, with zod's issues on `issues` for programs, never a ZodError's JSON
 * dump; and nothing is sent.
 */

const em = useEmulator();
let client: ITCareClient;
beforeAll(() => {
  client = sdkClient(em);
});

const apiRequests = async () => (await em.control.log()).filter((e) => e.path.startsWith('/itcare'));

it('a create body failing the schema names every field and its rule', async () => {
  const body = { ...demoInstance('Bad_Name', { cpu: 0 }), colour: 'blue' };
  const err = await itcareRejection(client.compute.instances.create(body as never));

  expect(err).toBeInstanceOf(InvalidInputError);
  expect(err.code).toBe('ITCARE_INVALID_INPUT');
  expect(err.message).toBe(
    'Invalid Instance create body: name: lower-case letters, digits and "-", 3 to 15 characters, starting with a letter; ' +
      'cpu: Too small: expected number to be >=1; (inputs): unknown property colour',
  );
  expect((err as InvalidInputError).issues.map((i) => i.path.join('.'))).toEqual(['name', 'cpu', '']);
  // Readable wherever it is printed: no JSON dump of the issues.
  for (const text of [err.message, JSON.stringify(err), inspect(err)]) expect(text).not.toMatch(/"path"|too_small|unrecognized_keys/);
  expect(await apiRequests()).toEqual([]);
});

it('operation options, list queries and action queries fail the same way', async () => {
  const resize = await itcareRejection(client.compute.instances.operate(1, 'resize', { cpu: 2, ram: 'lots' } as never));
  expect(resize).toBeInstanceOf(InvalidInputError);
  expect(resize.message).toBe('Invalid options of Instance operation resize: ram: Invalid input: expected number, received string');

  const list = await itcareRejection(client.compute.instances.list({ names: 7 } as never));
  expect(list).toBeInstanceOf(InvalidInputError);
  expect(list.message).toMatch(/^Invalid Instance list query: names: /);

  const actions = await itcareRejection(client.actions.list({ resourceId: 'x' } as never));
  expect(actions.message).toBe('Invalid action query: resourceId: Invalid input: expected number, received string');
  expect(await apiRequests()).toEqual([]);
});

it('an unknown operation is an InvalidArgumentError listing the allowed ones', async () => {
  const err = await itcareRejection(client.compute.instances.operate(1, 'explode' as never, {} as never));
  expect(err).toBeInstanceOf(InvalidArgumentError);
  expect(err.message).toBe('Instance has no operation "explode" (allowed: stop, start, reset, resize, update_metadata)');
});

it('the provider and the SDK describe issues with one function', () => {
  expect(providerDescribeIssue).toBe(describeIssue);
});

it('names several unknown properties in one reason', () => {
  const r = z.strictObject({ a: z.string() }).safeParse({ a: 'x', colour: 1, size: 2 });
  expect(r.success).toBe(false);
  expect(describeIssue(r.error!.issues[0])).toEqual({ property: '(inputs)', reason: 'unknown properties colour, size' });
});
