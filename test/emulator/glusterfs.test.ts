import { glusterfs } from '../../sdk/resources';
import { ResourceClient } from '../../sdk/resourceClient';
import { sampleOf } from '../helpers/catalogSamples';
import { sdkClient, spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { itcareRejection } from '../helpers/sdk';

/**
 * storage.GlusterFS over HTTP: area and az required by the schema, the product and platform checked by
 * the server in a dry run, the zone of the area's region. Its lifecycle runs in catalogue.test.ts and
 * the e2e matrix, by being declared.
 */
jest.setTimeout(60_000);

let em: SpawnedEmulator;
beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '30']);
});
afterAll(async () => {
  await em?.stop();
});

const args = (extra: Record<string, unknown> = {}) => ({ ...sampleOf('storage.GlusterFS').args, ...extra }) as never;
const res = () => new ResourceClient(glusterfs, sdkClient(em));

it('area, az, productCode, platform and name are required', () => {
  for (const field of ['area', 'az', 'productCode', 'platform', 'name']) {
    const { [field]: _gone, ...rest } = sampleOf('storage.GlusterFS').args;
    expect(glusterfs.create.safeParse(rest).success).toBe(false);
  }
});

it('a dry run accepts the sample and refuses an unknown product, platform or a zone of another region, naming the field', async () => {
  await expect(res().create(args(), { dryRun: true })).resolves.toBeDefined();
  expect((await itcareRejection(res().create(args({ productCode: 'gluster9' }), { dryRun: true }))).message).toMatch(
    /productCode.*gluster9/,
  );
  expect((await itcareRejection(res().create(args({ platform: 'mainframe' }), { dryRun: true }))).message).toMatch(
    /platform.*mainframe.*allowed: vm, baremetal/,
  );
  expect((await itcareRejection(res().create(args({ az: 'ET-A' }), { dryRun: true }))).message).toMatch(/az.*ET-A is not in region EB/);
});

it('the volume has its mount point', async () => {
  const created = (await res().createAndWait(args({ name: 'files02' }))) as Record<string, unknown>;
  expect(created).toMatchObject({ platform: 'vm', az: 'EB-A', mountPoint: 'files02.eb-qa.cegedim.cloud:/files02' });
});
