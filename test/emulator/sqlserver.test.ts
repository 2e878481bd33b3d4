import { sqlserver } from '../../sdk/resources';
import { ResourceClient } from '../../sdk/resourceClient';
import { SQL_PASSWORD, sampleOf } from '../helpers/catalogSamples';
import { sdkClient, spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { itcareRejection } from '../helpers/sdk';

/**
 * databases.SQLServer over HTTP: VM names within 13 characters, Always On's three nodes over two sites,
 * the product checked in a dry run, no password in an answer. Its lifecycle runs in catalogue.test.ts
 * and the e2e matrix, by being declared.
 */
jest.setTimeout(60_000);

let em: SpawnedEmulator;
beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '30']);
});
afterAll(async () => {
  await em?.stop();
});

const args = (extra: Record<string, unknown> = {}) => ({ ...sampleOf('databases.SQLServer').args, ...extra }) as never;
const res = () => new ResourceClient(sqlserver, sdkClient(em));

it('a name longer than 11 characters is refused by the schema, saying why (VM names within 13)', () => {
  const r = sqlserver.create.safeParse({ ...(args() as object), name: 'abcdefghijkl' });
  expect(r.success).toBe(false);
  expect(JSON.stringify(r.error?.issues)).toMatch(/VM names <name>01… stay within 13/);
  expect(sqlserver.create.safeParse({ ...(args() as object), name: 'abcdefghijk' }).success).toBe(true);
});

it('a dry run accepts the sample and refuses a product ITCare does not offer, naming the field', async () => {
  await expect(res().create(args(), { dryRun: true })).resolves.toBeDefined();
  expect((await itcareRejection(res().create(args({ productCode: 'sqlserver2019' }), { dryRun: true }))).message).toMatch(
    /productCode.*sqlserver2019/,
  );
});

it('Always On has 2 active nodes on the primary site and a passive one on the secondary; no password is returned', async () => {
  const created = (await res().createAndWait(args({ name: 'erpsql', topology: 'ALWAYS_ON' }))) as Record<string, unknown>;
  expect(created).toMatchObject({
    topology: 'ALWAYS_ON',
    nodes: ['erpsql01', 'erpsql02', 'erpsql03'],
    sites: { primary: 'EB', secondary: 'ET', passive: 'erpsql03' },
  });
  expect(JSON.stringify(await res().get(created.id as number))).not.toContain(SQL_PASSWORD);
  const single = (await res().createAndWait(args({ name: 'erpsql2' }))) as Record<string, unknown>;
  expect(single).toMatchObject({ topology: 'standalone', nodes: ['erpsql201'] });
});
