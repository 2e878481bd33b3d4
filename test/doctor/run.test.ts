import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ANSWER_SHAPES, type BehaviourSpec, type ShapeName } from '../../sdk/answerShapes';
import { renderReport } from '../../doctor/report';
import { catalog } from '../../sdk/resources';
import { runDoctor } from '../../doctor/run';
import { MutationRefused, ReadOnlyWire } from '../../doctor/wire';
import { type SpawnedEmulator, getToken, spawnEmulator } from '../helpers/emulator';
import { mutations, seedAccount } from './account';

/**
 * The doctor against the emulator with each answer shape switched on (ANSWER_SHAPES iterated: a new
 * shape joins by being declared, and needs a switched value below only when it is not an enum or a
 * boolean): the profile differs from the default run by exactly that shape, the emulator started
 * with that profile makes the doctor say the same again, and the request log holds only GETs, dry
 * runs and token requests.
 */

/** Values for shapes that are neither enums nor booleans. */
const SWITCHED: Partial<Record<ShapeName, unknown[]>> = {
  atRestStatus: ['MAINTENANCE'],
  omitFields: [['creationTime']],
  serverTags: [{ backup: 'daily' }],
  unknownOperations: [['update_healthcheck', 'update_metadata']], // sorted, as the doctor lists them
};
/** Shapes only a real mutation shows: the doctor must say it did not check them. */
const NEEDS_A_MUTATION: ShapeName[] = ['accepted', 'serverTags'];

function switchedValues(name: ShapeName): unknown[] {
  const { schema, default: dflt } = ANSWER_SHAPES[name] as { schema: z.ZodType; default: unknown };
  if (schema instanceof z.ZodEnum) return (schema.options as unknown[]).filter((v) => v !== dflt);
  if (schema instanceof z.ZodBoolean) return [!dflt];
  const given = SWITCHED[name];
  if (!given) throw new Error(`answer shape ${name}: give it a switched value in SWITCHED (test/doctor/run.test.ts)`);
  return given;
}
const CASES = (Object.keys(ANSWER_SHAPES) as ShapeName[]).flatMap((name) => switchedValues(name).map((value) => ({ name, value })));

const creds = (em: SpawnedEmulator) => ({ url: em.url, issuer: em.issuer, clientId: em.clientId, clientSecret: em.clientSecret });
const verdicts = (findings: { id: string; verdict: string }[]) => Object.fromEntries(findings.map((f) => [f.id, f.verdict]));
const dir = mkdtempSync(path.join(tmpdir(), 'doctor-'));

let em: SpawnedEmulator;
let baseline: Awaited<ReturnType<typeof runDoctor>>;

/** A fresh account on the shared emulator with `spec` switched on, and the doctor's run of it. */
async function doctorWith(spec: BehaviourSpec) {
  await em.control.reset();
  await em.control.behaviour(spec);
  await seedAccount(em);
  const run = await runDoctor(creds(em));
  expect(mutations(await em.control.log())).toEqual([]);
  return run;
}

beforeAll(async () => {
  em = await spawnEmulator([], { queryFilters: 'applied' });
  baseline = await doctorWith({});
});
afterAll(() => em?.stop());

test('against the default emulator every shape reads as its default, and nothing differs', () => {
  for (const name of Object.keys(ANSWER_SHAPES) as ShapeName[]) {
    if (NEEDS_A_MUTATION.includes(name)) continue;
    expect({ name, value: (baseline.profile.emulator as Record<string, unknown>)[name] }).toEqual({
      name,
      value: ANSWER_SHAPES[name].default,
    });
  }
  expect(baseline.findings.filter((f) => f.verdict === 'differs')).toEqual([]);
  expect(baseline.profile.tokens).toEqual({ accessTtl: 1200, refreshTtl: 7200 });
  expect(baseline.profile.pageBase).toBe(0);
  // Every kind was read, and dry-run created from the account's own resources.
  expect(
    baseline.findings
      .filter((f) => f.id.startsWith('dryrun.create.') && f.verdict === 'holds')
      .map((f) => f.id)
      .sort(),
  ).toEqual(
    Object.keys(catalog)
      .map((k) => `dryrun.create.${k}`)
      .sort(),
  );
});

test.each(CASES)('shape $name = $value: the doctor reports exactly it, and its profile replays it', async ({ name, value }) => {
  const run = await doctorWith({ [name]: value });
  const row = run.findings.find((f) => f.id === `shape.${name}`)!;
  if (NEEDS_A_MUTATION.includes(name)) {
    expect(row.verdict).toBe('not-checked');
    expect(row.observed).toMatch(/not checked: only a real/);
    expect(run.profile.emulator).toEqual(baseline.profile.emulator);
  } else {
    expect(row.verdict).toBe('differs');
    expect(run.profile.emulator).toEqual({ ...baseline.profile.emulator, [name]: value });
  }
  // The profile, loaded by a new emulator, makes the doctor see the same ITCare again.
  const file = path.join(dir, `${name}-${CASES.findIndex((c) => c.name === name && c.value === value)}.json`);
  writeFileSync(file, JSON.stringify(run.profile));
  const replay = await spawnEmulator(['--profile', file], { queryFilters: 'applied' });
  try {
    await seedAccount(replay);
    const again = await runDoctor(creds(replay));
    expect(again.profile.emulator).toEqual(run.profile.emulator);
    expect(verdicts(again.findings)).toEqual(verdicts(run.findings));
    expect(mutations(await replay.control.log())).toEqual([]);
  } finally {
    await replay.stop();
  }
});

test('token lifetimes are reported, kept in the profile and replayed; no secret or token is in the report or profile', async () => {
  await em.control.reset();
  await em.control.setTokenTtl({ accessTtl: 300, refreshTtl: 900 });
  await seedAccount(em);
  const run = await runDoctor(creds(em));
  expect(run.findings.find((f) => f.id === 'token.lifetime')).toMatchObject({
    verdict: 'differs',
    observed: 'access 300 s, refresh 900 s',
  });
  expect(run.profile.tokens).toEqual({ accessTtl: 300, refreshTtl: 900 });
  const report = renderReport(run.profile);
  expect(report).toContain(`account (client id): ${em.clientId}`);
  expect(report).toContain(`API: ${em.url}`);
  const { accessTokens, refreshTokens } = await em.control.issuedTokens();
  for (const secret of [em.clientSecret, ...accessTokens, ...refreshTokens]) {
    expect(report).not.toContain(secret);
    expect(JSON.stringify(run.profile)).not.toContain(secret);
  }
  const file = path.join(dir, 'tokens.json');
  writeFileSync(file, JSON.stringify(run.profile));
  const replay = await spawnEmulator(['--profile', file], { queryFilters: 'applied' });
  try {
    expect((await getToken(replay)).expires_in).toBe(300);
  } finally {
    await replay.stop();
  }
});

test('the read-only wire refuses anything but a GET or a dry run before sending it, and stops dry runs after one without the echo', async () => {
  await em.control.reset();
  const { access_token } = await getToken(em);
  const wire = new ReadOnlyWire(em.url, access_token, 5000);
  for (const method of ['POST', 'PATCH', 'DELETE', 'PUT'] as const) {
    await expect(wire.send(method, '/compute/instances', { body: {} })).rejects.toThrow(MutationRefused);
  }
  await em.control.addFault({ method: 'POST', dryRun: true, echoDryRun: false, status: 400, count: 1 });
  await wire.send('POST', '/compute/instances', { body: {}, dryRun: true });
  expect(wire.dryRunsStopped).toMatch(/without echoing ITCare-DryRun/);
  await expect(wire.send('PATCH', '/compute/instances/1', { body: {}, dryRun: true })).rejects.toThrow(/no further dry run/);
  expect((await em.control.log()).filter((e) => !e.grantType).map((e) => [e.method, e.dryRun])).toEqual([['POST', true]]);
});

test('an operation that would act with empty options (stop, start, reset) is dry-run only on a resource it is not allowed from: with every instance ACTIVE, stop and reset are not sent', async () => {
  await em.control.reset();
  await seedAccount(em);
  for (const vm of (await em.control.instances()).filter((i) => i.name === 'flight01')) await em.control.removeResource('instances', vm.id);
  await em.control.clearLog();
  const run = await runDoctor(creds(em));
  const row = (op: string) =>
    run.findings.find((f) => f.id.startsWith('operation.') && f.id.endsWith(`.${op}`) && /Instance/.test(f.assumption))!;
  for (const op of ['stop', 'reset']) {
    expect(row(op).verdict).toBe('not-checked');
    expect(row(op).observed).toMatch(/not sent: every Instance seen is in a status/);
  }
  // start is allowed from INACTIVE only: sent to an ACTIVE instance, which ITCare refuses even for real.
  expect(row('start').verdict).toBe('holds');
  expect(mutations(await em.control.log())).toEqual([]);
});
