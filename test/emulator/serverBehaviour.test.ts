import { apiCall, demoInstance, getToken, useEmulator, waitForAction } from '../helpers/emulator';

/**
 * The emulator's strictness switches: list and query filters ignored (what a server the public docs
 * allow may do), and PATCH operations it does not know. The helper starts it with filters ignored.
 */

const em = useEmulator();
let token: string;
beforeAll(async () => {
  token = (await getToken(em)).access_token;
});
const get = (route: string) => apiCall(em, token, 'GET', route);

async function twoInstancesWithActions(): Promise<{ a: number; b: number }> {
  const a = await apiCall(em, token, 'POST', '/compute/instances', demoInstance('web01'));
  await em.control.failNext(1);
  const b = await apiCall(em, token, 'POST', '/compute/instances', demoInstance('web02'));
  await waitForAction(em, token, a.body.id);
  await waitForAction(em, token, b.body.id);
  return { a: a.body.id, b: b.body.id };
}

it('started with --ignore-query-filters: every filter is ignored, paging and sorting are kept, the log keeps what was sent', async () => {
  expect(await (await fetch(`http://127.0.0.1:${em.port}/_emulator/behaviour`)).json()).toMatchObject({
    ignoreQueryFilters: true,
    unknownOperations: [],
    serverTags: {},
  });
  const { a, b } = await twoInstancesWithActions();
  await em.control.seedInstance({ name: 'other01', serviceId: 1002, status: 'INACTIVE' });

  expect(
    (await get('/actions?resourceName=web01&resourceId=1&statuses=IN_PROGRESS&serviceId=1002')).body.map((x: { id: number }) => x.id),
  ).toEqual([b, a]);
  const page = (await get('/compute/instances?names=web01&services=1001&statuses=ACTIVE&size=2&page=0&sort=name,desc')).body;
  expect(page).toMatchObject({ totalElements: 3, totalPages: 2, size: 2 });
  expect(page.content.map((i: { name: string }) => i.name)).toEqual(['web02', 'web01']);
  expect((await get('/networking/networks?services=1002')).body.totalElements).toBe(3);
  expect((await get('/compute/services?names=Sandbox')).body.totalElements).toBe(2);

  const logged = (await em.control.log()).find((e) => e.path === '/itcare/actions');
  expect(logged?.query).toMatchObject({ resourceName: 'web01', statuses: 'IN_PROGRESS' });
});

it('PUT /_emulator/behaviour switches filters at run time; a reset returns to the start-up choice', async () => {
  await twoInstancesWithActions();
  expect(await em.control.behaviour({ ignoreQueryFilters: false })).toMatchObject({
    ignoreQueryFilters: false,
    unknownOperations: [],
    serverTags: {},
  });
  expect((await get('/actions?resourceName=web01')).body).toHaveLength(1);
  await em.control.reset();
  await twoInstancesWithActions();
  expect((await get('/actions?resourceName=web01')).body).toHaveLength(2);
});

it('unknownOperations: the operation is refused with 400 on operation, in dry run too, and no longer listed as allowed', async () => {
  const created = await apiCall(em, token, 'POST', '/compute/instances', demoInstance('web03'));
  await waitForAction(em, token, created.body.id);
  await em.control.behaviour({ unknownOperations: ['update_metadata'] });
  const patch = { operation: 'update_metadata', options: { tags: { team: 'a' } } };
  for (const headers of [{ 'ITCare-DryRun': 'true' }, {}] as Record<string, string>[]) {
    const res = await apiCall(em, token, 'PATCH', `/compute/instances/${created.body.resourceId}`, patch, headers);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorCode: 'INVALID_FIELD_VALUE', errorDesc: 'operation' });
    expect(res.body.errorMessage).toContain('unknown operation update_metadata');
    expect(res.body.errorMessage).not.toMatch(/allowed:.*update_metadata/);
  }
  const resize = await apiCall(em, token, 'PATCH', `/compute/instances/${created.body.resourceId}`, {
    operation: 'resize',
    options: { cpu: 4, ram: 8 },
  });
  expect(resize.status).toBe(202);
});
