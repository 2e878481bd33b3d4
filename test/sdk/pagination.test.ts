import { z } from 'zod';
import { InvalidInputError, InvalidResponseError, type ITCareClient } from '../../sdk';
import { isLastPage, pageIdentity } from '../../sdk/page';
import { useEmulator, sdkClient } from '../helpers/emulator';

/**
 * paginate against servers that do not page as asked: one that caps the page size (and says so in
 * `size`), and one that ignores `page` altogether (which would otherwise loop forever). The pages
 * are fixed bodies served by emulator faults.
 */

const em = useEmulator();
let client: ITCareClient;
beforeAll(() => {
  client = sdkClient(em);
});

const INSTANCES = '/itcare/compute/instances';
const Item = z.looseObject({ id: z.number(), name: z.string() });
const item = (id: number) => ({ id, name: `vm${id}` });

/** Walks paginate; a runaway loop fails the test instead of hanging it. */
async function names(pageSize: number, max = 20): Promise<{ names: string[]; error?: unknown }> {
  const out: string[] = [];
  try {
    for await (const i of client.paginate('/compute/instances', {}, Item, pageSize)) {
      out.push(i.name);
      if (out.length > max) throw new Error('paging never ends');
    }
  } catch (error) {
    return { names: out, error };
  }
  return { names: out };
}

async function pagesAsked(): Promise<unknown[]> {
  return (await em.control.log()).filter((e) => e.path === INSTANCES).map((e) => e.query.page);
}

it('a server that caps the page size below the requested one: the reported size decides the last page', async () => {
  // Asked for 100, served 2 a page: a full page of 2 is not the last one.
  await em.control.addFault({
    method: 'GET',
    path: `^${INSTANCES}$`,
    status: 200,
    count: 1,
    body: { content: [item(1), item(2)], number: 0, size: 2 },
  });
  await em.control.addFault({
    method: 'GET',
    path: `^${INSTANCES}$`,
    status: 200,
    count: 1,
    body: { content: [item(3)], number: 1, size: 2 },
  });

  expect(await names(100)).toEqual({ names: ['vm1', 'vm2', 'vm3'] });
  expect(await pagesAsked()).toEqual(['0', '1']);
});

it.each([
  ['with a page number', { content: [item(1), item(2)], number: 0, size: 2 }],
  ['without a page number (same first and last items)', { content: [item(1), item(2)] }],
])('a server that ignores `page` (%s): InvalidResponseError on the repeated page', async (_what, body) => {
  await em.control.addFault({ method: 'GET', path: `^${INSTANCES}$`, status: 200, body });
  const { names: seen, error } = await names(2);

  expect(error).toBeInstanceOf(InvalidResponseError);
  expect(error).toMatchObject({ code: 'ITCARE_INVALID_RESPONSE', method: 'GET', path: '/compute/instances' });
  expect((error as Error).message).toMatch(/same page for page=0 and page=1/);
  expect(seen).toEqual(['vm1', 'vm2']);
  expect(await pagesAsked()).toEqual(['0', '1']);
});

describe('isLastPage', () => {
  it('trusts last, then number/totalPages, then the served size', () => {
    expect(isLastPage({ content: [1, 2], last: false }, 2)).toBe(false);
    expect(isLastPage({ content: [1], last: true, size: 1 }, 100)).toBe(true);
    expect(isLastPage({ content: [1, 2], number: 1, totalPages: 2 }, 100)).toBe(true);
    expect(isLastPage({ content: [1, 2], size: 2 }, 100)).toBe(false);
    expect(isLastPage({ content: [1], size: 2 }, 100)).toBe(true);
    expect(isLastPage({ content: [1, 2] }, 3)).toBe(true);
    expect(isLastPage({ content: [1, 2, 3] }, 3)).toBe(false);
    // A size larger than requested (or 0) is not a cap: the requested size still decides.
    expect(isLastPage({ content: [1, 2], size: 50 }, 3)).toBe(true);
    expect(isLastPage({ content: [1, 2, 3], size: 0 }, 3)).toBe(false);
  });
});

describe('pageIdentity', () => {
  it('is the page number when there is one, else the first and the last item', () => {
    // An item that moved across a page boundary (a concurrent insert) is on numbered pages 1 and 2: two pages.
    expect(pageIdentity({ content: [{ id: 7 }], number: 1 })).not.toBe(pageIdentity({ content: [{ id: 7 }], number: 2 }));
    expect(pageIdentity({ content: [{ id: 1 }, { id: 2 }, { id: 3 }] })).not.toBe(
      pageIdentity({ content: [{ id: 1 }, { id: 2 }, { id: 4 }] }),
    );
    expect(pageIdentity({ content: [{ id: 1 }, { id: 2 }, { id: 3 }] })).toBe(pageIdentity({ content: [{ id: 1 }, { id: 9 }, { id: 3 }] }));
  });
});

it("asks for 100 items a page unless told otherwise: paginate, a resource's paginate and findByName", async () => {
  for (const name of ['vm1', 'vm2', 'vm3']) await em.control.seedInstance({ name, serviceId: 1001 });
  const seen: string[] = [];
  for await (const i of client.paginate('/compute/instances', {}, Item)) seen.push(i.name);
  for await (const i of client.compute.instances.paginate()) seen.push(i.name);
  seen.push(...(await client.compute.instances.findByName('vm2')).map((i) => i.name));

  expect(seen).toEqual(['vm1', 'vm2', 'vm3', 'vm1', 'vm2', 'vm3', 'vm2']);
  const asked = (await em.control.log()).filter((e) => e.path === INSTANCES).map((e) => [e.query.page, e.query.size]);
  expect(asked).toEqual([
    ['0', '100'],
    ['0', '100'],
    ['0', '100'],
  ]);
});

it('a body that is not a page is an InvalidResponseError naming the request', async () => {
  await em.control.addFault({ method: 'GET', path: `^${INSTANCES}$`, status: 200, count: 1, body: { items: [item(1)] } });
  const { names: seen, error } = await names(100);
  expect(seen).toEqual([]);
  expect(error).toBeInstanceOf(InvalidResponseError);
  expect((error as Error).message).toMatch(/^ITCare GET \/compute\/instances did not return a page: .+/);
});

it('a short page without envelope fields is the last one: no request for the next', async () => {
  await em.control.addFault({ method: 'GET', path: `^${INSTANCES}$`, status: 200, count: 1, body: { content: [item(1)] } });
  expect(await names(100)).toEqual({ names: ['vm1'] });
  expect(await pagesAsked()).toEqual(['0']);
  // A reported size of 0 says nothing about the page size: the requested one decides.
  await em.control.clearLog();
  await em.control.addFault({ method: 'GET', path: `^${INSTANCES}$`, status: 200, count: 1, body: { content: [item(2)], size: 0 } });
  expect(await names(100)).toEqual({ names: ['vm2'] });
  expect(await pagesAsked()).toEqual(['0']);
});

it('pages without page numbers are told apart by their items: a normal walk is not taken for a repeat', async () => {
  await em.control.addFault({ method: 'GET', path: `^${INSTANCES}$`, status: 200, count: 1, body: { content: [item(1), item(2)] } });
  await em.control.addFault({ method: 'GET', path: `^${INSTANCES}$`, status: 200, count: 1, body: { content: [item(3)] } });
  expect(await names(2)).toEqual({ names: ['vm1', 'vm2', 'vm3'] });
  expect(await pagesAsked()).toEqual(['0', '1']);
});

it('totalPages without a page number says nothing: a short page is the last one by its size', async () => {
  await em.control.addFault({ method: 'GET', path: `^${INSTANCES}$`, status: 200, count: 1, body: { content: [item(1)], totalPages: 3 } });
  expect(await names(100)).toEqual({ names: ['vm1'] });
  expect(await pagesAsked()).toEqual(['0']);
});

it('a reported size above the requested one is not trusted: a page as long as asked is not the last', async () => {
  // Asked 2, told size 5 and served 2: the requested size decides, so page 1 is asked for (and is empty).
  await em.control.addFault({
    method: 'GET',
    path: `^${INSTANCES}$`,
    status: 200,
    count: 1,
    body: { content: [item(1), item(2)], size: 5 },
  });
  expect(await names(2)).toEqual({ names: ['vm1', 'vm2'] });
  expect(await pagesAsked()).toEqual(['0', '1']);
});

describe('paging asked of the server is checked before a request', () => {
  it.each([
    ['size 0', { size: 0 }, /^Invalid Instance list paging: size: /],
    ['size 1001', { size: 1001 }, /^Invalid Instance list paging: size: /],
    ['size 2.5', { size: 2.5 }, /^Invalid Instance list paging: size: /],
    ['page -1', { page: -1 }, /^Invalid Instance list paging: page: /],
    ['a sort with two keys', { sort: 'name,asc;id' }, /^Invalid Instance list paging: sort: expected property\(,asc\|desc\)/],
    ['a sort not starting with a letter', { sort: ',asc' }, /^Invalid Instance list paging: sort: /],
    ['a sort with another direction', { sort: 'name,up' }, /^Invalid Instance list paging: sort: /],
  ])('list refuses %s, naming the field, and sends nothing', async (_what, paging, message) => {
    await em.control.clearLog();
    const err = await client.compute.instances.list(paging).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as Error).message).toMatch(message);
    expect(await pagesAsked()).toEqual([]);
  });

  it('list sends the bounds themselves and a sort in either case', async () => {
    await em.control.clearLog();
    for (const paging of [
      { size: 1, page: 0 },
      { size: 1000, page: 3, sort: 'name,desc' },
      { sort: 'created_at.x,ASC' },
      { sort: 'name' },
    ]) {
      await client.compute.instances.list(paging);
    }
    const asked = (await em.control.log()).filter((e) => e.path === INSTANCES).map((e) => [e.query.page, e.query.size, e.query.sort]);
    expect(asked).toEqual([
      ['0', '1', undefined],
      ['3', '1000', 'name,desc'],
      [undefined, undefined, 'created_at.x,ASC'],
      [undefined, undefined, 'name'],
    ]);
  });

  it.each([0, 1001, 1.5])('paginate refuses a page size of %p, naming it, and sends nothing', async (size) => {
    await em.control.clearLog();
    const { names: seen, error } = await names(size);
    expect(seen).toEqual([]);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(/^Invalid page size of GET \/compute\/instances: size: /);
    expect(await pagesAsked()).toEqual([]);
  });

  it.each([1, 1000])('paginate takes a page size of %p', async (size) => {
    await em.control.clearLog();
    expect(await names(size)).toEqual({ names: [] });
    expect((await em.control.log()).filter((e) => e.path === INSTANCES).map((e) => e.query.size)).toEqual([String(size)]);
  });
});
