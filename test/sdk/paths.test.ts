import { fastClient, itcareRejection } from '../helpers/sdk';
import { InvalidArgumentError, ResourceClient, defineResource, instances } from '../../sdk';
import type { ApiRequester } from '../../sdk/client';
import { INT64_ID, apiPath, idSegment } from '../../sdk/paths';
import { useEmulator } from '../helpers/emulator';

/**
 * Paths never leave the API base (the bearer token goes with every request): ids are checked against
 * the resource's id rule and encoded, the generic verbs refuse `..`, `.` and absolute URLs. Each
 * refusal is an InvalidArgumentError naming the value, and nothing reaches the server.
 */

const em = useEmulator();

/** API requests the emulator saw (token requests excluded). */
const apiRequests = async () => (await em.control.log()).filter((e) => e.path.startsWith('/itcare'));

describe('typed clients', () => {
  it.each([
    ['get', (c: ReturnType<typeof fastClient>) => c.compute.instances.get('../../actions')],
    ['delete', (c: ReturnType<typeof fastClient>) => c.compute.instances.delete('../services/1001')],
    ['operate', (c: ReturnType<typeof fastClient>) => c.compute.instances.operate('1/../2', 'stop', {})],
    ['get with a non-integer', (c: ReturnType<typeof fastClient>) => c.compute.instances.get(1.5)],
    ['actions.get', (c: ReturnType<typeof fastClient>) => c.actions.get('../compute/instances' as unknown as number)],
  ])('%s refuses an id that is not an int64, naming it, and sends nothing', async (_what, call) => {
    const err = await itcareRejection(call(fastClient(em)));

    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err.code).toBe('ITCARE_INVALID_ARGUMENT');
    expect(err.message).toMatch(/^Invalid (Instance|action) id .+: expected an int64 id/);
    expect(await apiRequests()).toEqual([]);
  });

  it('accepts an int64 as a number or a digit string', async () => {
    const seeded = await em.control.seedInstance({ name: 'path01', serviceId: 1001 });
    const client = fastClient(em);
    expect((await client.compute.instances.get(seeded.id)).name).toBe('path01');
    expect((await client.compute.instances.get(String(seeded.id))).name).toBe('path01');
  });

  it('a descriptor declares its own id shape (e.g. snapshots), and the id is one encoded segment', () => {
    const snapshots = defineResource({
      ...instances,
      path: '/compute/snapshots',
      id: { pattern: /^\d+-snap-\d+$/, allowed: 'a snapshot id such as 123-snap-4' },
    });
    const client = new ResourceClient(snapshots, {} as ApiRequester);
    expect(client.itemPath('500061854-snap-2')).toBe('/compute/snapshots/500061854-snap-2');
    expect(() => client.itemPath('500061854')).toThrow('Invalid Instance id "500061854": expected a snapshot id such as 123-snap-4');
    expect(() => client.itemPath('1-snap-2/../../x')).toThrow(InvalidArgumentError);
    expect(idSegment('a b', { pattern: /^.+$/, allowed: 'anything' })).toBe('a%20b');
    expect(() => idSegment(-1, INT64_ID)).toThrow(InvalidArgumentError);
    // Without a name for the id, the message and the error say `id`.
    expect(() => idSegment('x')).toThrow(/^Invalid id "x": expected an int64 id/);
    expect(
      (() => {
        try {
          idSegment('x');
        } catch (e) {
          return e;
        }
      })(),
    ).toMatchObject({ argument: 'id' });
  });
});

describe('generic verbs', () => {
  it.each([
    '../actions',
    '/compute/instances/../../actions',
    '/compute/./instances',
    '/compute/%2e%2e/actions',
    '/compute/instances/1%2F..%2F..%2Factions',
    'https://elsewhere.example/itcare/actions',
    '//elsewhere.example/actions',
    '/compute\\..\\actions',
  ])('refuse %s without sending it', async (path) => {
    const err = await itcareRejection(fastClient(em).get(path));

    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ code: 'ITCARE_INVALID_ARGUMENT', argument: 'path' });
    expect(err.message).toContain(JSON.stringify(path));
    expect(await apiRequests()).toEqual([]);
  });

  it.each([
    ['', 'expected a path under the API base, e.g. /compute/instances'],
    [42, 'expected a path under the API base, e.g. /compute/instances'],
    ['svn+ssh.x-y://elsewhere.example/x', 'an absolute URL would send the bearer token elsewhere: give a path under the API base'],
    ['//elsewhere.example/actions', 'an absolute URL would send the bearer token elsewhere: give a path under the API base'],
    ['/compute/instances?name=a\\b', 'backslashes are not allowed'],
    ['/compute/../actions', '"." and ".." segments could leave the API base'],
    ['/compute/instances/1%2Factions', 'segment "1%2Factions" encodes a path separator'],
    ['/compute/%E0%A4%A', 'segment "%E0%A4%A" is not valid percent-encoding'],
  ])('refuse %j saying why', (path, why) => {
    expect(() => apiPath(path as string)).toThrow(new InvalidArgumentError(`Invalid ITCare path ${JSON.stringify(path)}: ${why}`));
  });

  it('a colon after the first segment is not a scheme', () => {
    expect(apiPath('/compute/instances/web:01')).toBe('/compute/instances/web:01');
    expect(apiPath('compute/x:y')).toBe('/compute/x:y');
  });

  it('keep ordinary paths, with or without the leading slash', async () => {
    expect(apiPath('compute/services')).toBe('/compute/services');
    expect(apiPath('/compute/instances?names=web..01')).toBe('/compute/instances?names=web..01');
    await expect(fastClient(em).get('/compute/services')).resolves.toMatchObject({ content: expect.any(Array) });
  });
});

describe('apiPath percent-encoding', () => {
  it('refuses a segment that is not valid percent-encoding, naming it', () => {
    expect(() => apiPath('/compute/instances/%E0%A4%A')).toThrow(
      'Invalid ITCare path "/compute/instances/%E0%A4%A": segment "%E0%A4%A" is not valid percent-encoding',
    );
  });
});
