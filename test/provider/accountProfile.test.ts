import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runDoctor } from '../../doctor/run';
import { engine } from '../../provider/engine';
import { useProviderEmulator } from '../helpers/emulator';
import { seedAccount } from '../doctor/account';

/**
 * A finding changes behaviour without a release (issue 27): the profile itcare-doctor wrote for an
 * ITCare that does not know `update_metadata` (the emulator switched so), given to the provider as
 * ITCARE_PROFILE, refuses at preview a tags change of an instance, naming the operation and the field,
 * before anything is sent, even with ITCare's dry run off; a resize still plans; a profile of another
 * endpoint is refused rather than applied.
 */
jest.setTimeout(60_000);
const em = useProviderEmulator();
const kind = 'compute.Instance' as const;
const inputs = (extra: Record<string, unknown> = {}) => ({
  name: 'prof01',
  serviceId: 1001,
  productCode: 'deb12',
  networkId: 2001,
  cpu: 2,
  ram: 4,
  __provider: 'shim',
  ...extra,
});
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-profile-'));
const file = path.join(dir, 'profile.json');

beforeAll(async () => {
  await em.control.behaviour({ unknownOperations: ['update_metadata'] });
  await seedAccount(em);
  const { profile } = await runDoctor({ url: em.url, issuer: em.issuer, clientId: em.clientId, clientSecret: em.clientSecret });
  expect(profile.unknownOperations).toContainEqual({ kind: 'Instance', operation: 'update_metadata' });
  fs.writeFileSync(file, JSON.stringify(profile));
  await em.control.reset();
  await em.control.timing({ durationMs: 50 });
});
afterEach(() => {
  delete process.env.ITCARE_PROFILE;
  delete process.env.ITCARE_SERVER_VALIDATION;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('refuses at preview a change that needs an operation the profile says ITCare does not know; others plan', async () => {
  const vm = await engine(kind).create(inputs({ tags: { team: 'a' } }));
  process.env.ITCARE_PROFILE = file;
  process.env.ITCARE_SERVER_VALIDATION = 'false'; // the profile alone decides, no dry run is sent
  await em.control.clearLog();
  await expect(engine(kind).diff(vm.id, vm.outs, inputs({ tags: { team: 'b' } }))).rejects.toMatchObject({
    code: 'ITCARE_REFUSED',
    message: expect.stringMatching(
      /^Instance prof01: changing tags needs the operation `update_metadata`, which this ITCare does not know \(itcare-doctor, .*: make the change by replacing the resource, or in the ITCare console$/,
    ),
  });
  expect((await em.control.log()).filter((e) => e.method !== 'GET')).toEqual([]);
  expect(await engine(kind).diff(vm.id, vm.outs, inputs({ tags: { team: 'a' }, cpu: 4 }))).toMatchObject({ changes: true, replaces: [] });
  delete process.env.ITCARE_PROFILE;
  expect(await engine(kind).diff(vm.id, vm.outs, inputs({ tags: { team: 'b' } }))).toMatchObject({ changes: true });
});

it('a profile made against another endpoint is an error, not applied', async () => {
  const vm = await engine(kind).create(inputs({ name: 'prof02' }));
  const other = path.join(dir, 'other.json');
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.writeFileSync(other, JSON.stringify({ ...profile, endpoint: { ...profile.endpoint, url: 'https://api.cegedim.cloud/itcare' } }));
  process.env.ITCARE_PROFILE = other;
  await expect(engine(kind).diff(vm.id, vm.outs, inputs({ name: 'prof02', cpu: 4 }))).rejects.toThrow(
    /was made against https:\/\/api\.cegedim\.cloud\/itcare, not http/,
  );
});
