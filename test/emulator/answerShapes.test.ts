import { ANSWER_SHAPES, IN_FLIGHT } from '../../sdk/answerShapes';
import { catalog, collectionPath, type AnyResourceDescriptor } from '../../sdk/resources';
import { sampleOf } from '../helpers/catalogSamples';
import { apiCall, getToken, spawnEmulator, waitForAction, type SpawnedEmulator } from '../helpers/emulator';

/**
 * Every answer shape of emulator/answerShapes.ts, on every kind of the catalogue (one resource of
 * each, children under their parents): the 202 bodies, the dry-run answers, statuses the client does
 * not know in flight and at rest, fields left out, tags not echoed or added by the server; switched
 * at start-up (`--shape`) and at run time, combined, and undone by a reset.
 */
jest.setTimeout(60_000);

let em: SpawnedEmulator;
let token: string;
beforeAll(async () => {
  em = await spawnEmulator(['--shape', 'accepted=action', '--shape', 'serverTags=backup:daily']);
  token = (await getToken(em)).access_token;
});
afterAll(async () => {
  await em?.stop();
});
beforeEach(async () => {
  await em.control.reset();
});

const kinds = Object.entries(catalog) as [string, AnyResourceDescriptor][];
type Answer = { status: number; body: unknown; text: string; headers: Headers };
type Created = { d: AnyResourceDescriptor; id: number | string; item: string; post: Answer; dry: Answer };

/**
 * POSTs one sample of every kind in catalogue order ($ref → the id created before), each waited for;
 * `during` looks at each while its create runs.
 */
async function createAll(during?: (kind: string, c: Created) => Promise<void>): Promise<Record<string, Created>> {
  const made: Record<string, Created> = {};
  for (const [kind, d] of kinds) {
    const resolve = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(resolve) : (v as { $ref?: string })?.$ref ? made[(v as { $ref: string }).$ref].id : v;
    const args = Object.fromEntries(Object.entries(sampleOf(kind).args).map(([k, v]) => [k, resolve(v)]));
    const parentId = d.parent ? args[d.parent.field] : undefined;
    if (d.parent) delete args[d.parent.field];
    const path = collectionPath(d, parentId);
    const before = new Set((await em.control.resources(d.path.split('/').pop()!)).map((r) => r.id));
    const dry = await apiCall(em, token, 'POST', path, args, { 'ITCare-DryRun': 'true' });
    const post = await apiCall(em, token, 'POST', path, args);
    expect([kind, post.status]).toEqual([kind, 202]);
    const [stored] = (await em.control.resources(d.path.split('/').pop()!)).filter((r) => !before.has(r.id));
    made[kind] = { d, id: stored.id, item: `${path}/${stored.id}`, post, dry };
    await during?.(kind, made[kind]);
    if (post.body?.id) await waitForAction(em, token, post.body.id);
  }
  return made;
}

it('lists every shape once, with its default and why it is plausible', () => {
  for (const [name, s] of Object.entries(ANSWER_SHAPES)) {
    expect([name, s.schema.safeParse(s.default).success, s.why.length > 40]).toEqual([name, true, true]);
  }
});

it('start-up shapes (--shape) hold until changed at run time, combine, and a reset returns to them', async () => {
  expect(await (await fetch(`http://127.0.0.1:${em.port}/_emulator/behaviour`)).json()).toMatchObject({
    accepted: 'action',
    serverTags: { backup: 'daily' },
    ignoreQueryFilters: true,
    dryRun: 'valid',
  });
  expect(await em.control.behaviour({ accepted: 'empty', echoTags: false })).toMatchObject({
    accepted: 'empty',
    echoTags: false,
    serverTags: { backup: 'daily' },
  });
  await em.control.reset();
  expect(await em.control.behaviour({})).toMatchObject({ accepted: 'action', echoTags: true });
});

it.each([
  [
    'action-with-resource',
    (c: Created) =>
      expect(c.post.body).toEqual({ id: expect.any(Number), status: 'IN_PROGRESS', message: expect.any(String), resourceId: c.id }),
  ],
  ['action', (c: Created) => expect(c.post.body).toEqual({ id: expect.any(Number), status: 'IN_PROGRESS', message: expect.any(String) })],
  ['empty', (c: Created) => expect(c.post.text).toBe('')],
] as const)("accepted=%s: the 202 of every kind's create, operation and delete", async (accepted, check) => {
  await em.control.behaviour({ accepted });
  const made = await createAll();
  for (const [kind, c] of Object.entries(made)) {
    check(c);
    const op = Object.keys(c.d.operations)[0];
    if (op) {
      const patch = await apiCall(em, token, 'PATCH', c.item, { operation: op, options: {} });
      // Operations with required options answer 400 before any shape: the 202 is checked where there is one.
      if (patch.status === 202) check({ ...c, post: patch });
    }
    expect([kind, (await apiCall(em, token, 'GET', c.item)).status]).toEqual([kind, 200]);
  }
});

it.each([
  ['valid', 200, { status: 'VALID', message: 'Dry run: nothing was done' }],
  ['blank', 200, undefined],
  ['empty', 204, undefined],
  ['accepted', 202, { id: 0, status: 'SUCCESS', message: 'Dry run: nothing was done' }],
] as const)(
  "dryRun=%s: every kind's dry-run create answers %i and echoes the header; nothing is created by it",
  async (dryRun, status, body) => {
    await em.control.behaviour({ dryRun });
    const made = await createAll();
    for (const [kind, c] of Object.entries(made)) {
      expect([kind, c.dry.status, c.dry.body, c.dry.headers.get('ITCare-DryRun')]).toEqual([kind, status, body, 'true']);
      expect([kind, (await em.control.resources(c.d.path.split('/').pop()!)).length]).toEqual([kind, 1]);
    }
  },
);

it("inFlightStatuses=unknown: while each kind's create runs, its action reads PENDING and the resource DEPLOYING (list too); then SUCCESS and its known status", async () => {
  await em.control.behaviour({ inFlightStatuses: 'unknown', accepted: 'action-with-resource' });
  await em.control.timing({ durationMs: 300 });
  await createAll(async (kind, c) => {
    const post = c.post.body as { id: number; status: string };
    const item = (await apiCall(em, token, 'GET', c.item)).body;
    const listed = (await apiCall(em, token, 'GET', c.item.replace(/\/[^/]+$/, ''))).body.content.find(
      (i: { id: unknown }) => i.id === c.id,
    );
    const action = (await apiCall(em, token, 'GET', `/actions/${post.id}`)).body;
    expect([kind, post.status, action.status, item.status, listed.status]).toEqual([
      kind,
      IN_FLIGHT.action,
      IN_FLIGHT.action,
      IN_FLIGHT.creating,
      IN_FLIGHT.creating,
    ]);
    expect((await waitForAction(em, token, post.id)).status).toBe('SUCCESS');
    expect([kind, (await apiCall(em, token, 'GET', c.item)).body.status]).toEqual([kind, c.d.statuses.created]);
  });
});

it('atRestStatus, omitFields and echoTags=false combine: every kind reads the unknown status, lacks the fields and tags, in GET and list; the store keeps them', async () => {
  const made = await createAll();
  await em.control.behaviour({ atRestStatus: 'MAINTENANCE', omitFields: ['creationTime', 'creationUser'], echoTags: false });
  for (const [kind, c] of Object.entries(made)) {
    const one = (await apiCall(em, token, 'GET', c.item)).body;
    const list = (await apiCall(em, token, 'GET', c.item.replace(/\/[^/]+$/, ''))).body.content;
    for (const shown of [one, list.find((i: { id: unknown }) => i.id === c.id)]) {
      expect([kind, shown.status, 'creationTime' in shown, 'creationUser' in shown, 'tags' in shown]).toEqual([
        kind,
        'MAINTENANCE',
        false,
        false,
        false,
      ]);
    }
    const [stored] = (await em.control.resources(c.d.path.split('/').pop()!)).filter((r) => r.id === c.id);
    expect([kind, stored.status]).toEqual([kind, c.d.statuses.created]);
  }
});

it("serverTags: every kind with tags gets the server's own tags besides the client's, echoed unless echoTags is false", async () => {
  const made = await createAll();
  const tagged = Object.entries(made).filter(([kind]) => 'tags' in (catalog as Record<string, AnyResourceDescriptor>)[kind].create.shape);
  expect(tagged.length).toBeGreaterThan(0);
  for (const [kind, c] of tagged)
    expect([kind, (await apiCall(em, token, 'GET', c.item)).body.tags]).toEqual([kind, expect.objectContaining({ backup: 'daily' })]);
});
