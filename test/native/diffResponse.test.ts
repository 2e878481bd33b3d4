import * as provproto from '@pulumi/pulumi/proto/provider_pb';
import { changedKeys, diffMethod } from '../../native/diffResponse';
import { catalog } from '../../sdk/resources';

const vm = catalog['compute.Instance'];
const olds = {
  name: 'web01',
  serviceId: 1001,
  networkId: 2001,
  productCode: 'deb12',
  cpu: 2,
  ram: 4,
  __declared: { productCode: 'deb12', name: 'web01' },
  __owner: 'o/p/s',
};

test("changed keys: the user's inputs that differ, create-only ones against what was declared; never provider-only or ignored ones", () => {
  expect(changedKeys(vm, olds, { ...olds, cpu: 4, productCode: 'rhel9' }).sort()).toEqual(['cpu', 'productCode']);
  expect(changedKeys(vm, olds, { ...olds, __owner: 'o/p/renamed', timeouts: { create: '1m' }, adopt: true })).toEqual([]);
  expect(changedKeys(vm, olds, { ...olds, cpu: 4, __ignoreChanges: ['cpu'] })).toEqual([]);
});

test('the Diff answer carries changes, replaces, deleteBeforeReplace and the changed keys', async () => {
  const struct = (v: Record<string, unknown>) => ({ toJavaScript: () => v });
  const call = { request: { getId: () => '1', getUrn: () => 'urn', getOlds: () => struct({}), getNews: () => struct({}) } };
  const answer = (result: object) =>
    new Promise<provproto.DiffResponse>((resolve, reject) => {
      void diffMethod({ diff: async () => result })(call, (err, resp) => (err ? reject(err) : resolve(resp as provproto.DiffResponse)));
    });
  const r = await answer({ changes: true, replaces: ['productCode'], deleteBeforeReplace: true, diffs: ['productCode', 'cpu'] });
  expect([r.getChanges(), r.getReplacesList(), r.getDeletebeforereplace(), r.getDiffsList()]).toEqual([
    provproto.DiffResponse.DiffChanges.DIFF_SOME,
    ['productCode'],
    true,
    ['productCode', 'cpu'],
  ]);
  const none = await answer({ changes: false, replaces: [] });
  expect([none.getChanges(), none.getReplacesList(), none.getDeletebeforereplace(), none.getDiffsList()]).toEqual([
    provproto.DiffResponse.DiffChanges.DIFF_NONE,
    [],
    false,
    [],
  ]);
  await expect(
    new Promise((resolve, reject) => {
      void diffMethod({
        diff: async () => {
          throw new Error('refused');
        },
      })(call, (err) => (err ? reject(err) : resolve(undefined)));
    }),
  ).rejects.toThrow('refused');
});
