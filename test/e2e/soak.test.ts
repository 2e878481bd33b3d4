import { spawnEmulator, type FaultSpec, type LogEntry, type SpawnedEmulator } from '../helpers/emulator';
import { CONVERGED, convergence } from '../helpers/convergence';
import { leaks } from '../helpers/leaks';
import { collector, createStack, desire, type TestStack } from '../helpers/pulumi';

/**
 * Soak: a fleet of instances created, changed and destroyed through the real Pulumi CLI while about
 * one request in five is faulted — 429 with Retry-After, 500, 502, 503, connections reset before and
 * after the server processed them — on every path, the identity provider's included. `up` is run
 * again until the stack converged, a bounded number of times: then nothing may be failed, orphaned,
 * duplicated, and state must equal the emulator's view. Sized for about 3 minutes on 2 cores.
 */
jest.setTimeout(900_000);

const N = 30;
const ROUNDS = 3;
/** Six kinds, each hitting 3.65 % of the requests it sees: 1 - (1 - 0.0365)^6 ≈ 20 % in all. */
const P = 0.0365;
const KINDS: FaultSpec[] = [
  { status: 429, retryAfter: 1, body: { status: 'TOO_MANY_REQUESTS', errorCode: 'TOO_MANY_REQUESTS', errorMessage: 'Slow down' } },
  { status: 500, body: { status: 'INTERNAL_SERVER_ERROR', errorCode: 'INTERNAL_ERROR', errorMessage: 'Unexpected error' } },
  { status: 502 },
  { status: 503 },
  { reset: 'before' },
  { reset: 'after' },
];
/**
 * Plus one sure hit of each kind at the token endpoint: the provider shares one token per process,
 * so a random draw alone may never meet the identity provider in a run.
 */
const TOKEN_FAULTS: FaultSpec[] = [
  { method: 'POST', path: '/protocol/openid-connect/token$', status: 429, retryAfter: 1, count: 1 },
  { method: 'POST', path: '/protocol/openid-connect/token$', status: 503, count: 1 },
];
const FAULTS: FaultSpec[] = [...TOKEN_FAULTS, ...KINDS.map((f) => ({ ...f, probability: P }))];

const fleet = (cpu: (i: number) => number, ram: (i: number) => number) =>
  Object.fromEntries(
    Array.from({ length: N }, (_, i) => [
      `soak${String(i).padStart(2, '0')}`,
      { serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: cpu(i), ram: ram(i) },
    ]),
  );

let em: SpawnedEmulator;
let t: TestStack;
const outputs: Record<string, string> = {};
const log: LogEntry[] = [];
const rounds: Record<string, number> = {};

beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '150']);
  t = await createStack('soak', em);
  // Short-lived tokens: the identity provider is asked often, so its faults are met too.
  await em.control.setTokenTtl({ accessTtl: 10, refreshTtl: 30 });
  for (const f of FAULTS) await em.control.addFault(f);
});

afterAll(async () => {
  await em?.control.clearFaults().catch(() => undefined);
  await t?.dispose();
  await em?.stop();
});

/** Runs `op` until it succeeds and `done()` holds, at most ROUNDS times; returns the rounds used. */
async function untilConverged(
  phase: string,
  op: (onOutput: (s: string) => void) => Promise<unknown>,
  done: () => Promise<boolean>,
): Promise<number> {
  for (let round = 1; round <= ROUNDS; round++) {
    const out = collector();
    let ok = true;
    try {
      await op(out.onOutput);
    } catch (err) {
      ok = false;
      out.onOutput(String(err));
    }
    outputs[`${phase} round ${round}`] = out.text();
    log.push(...(await em.control.log()));
    await em.control.clearLog();
    if (ok && (await done())) {
      rounds[phase] = round;
      return round;
    }
  }
  throw new Error(`${phase}: not converged after ${ROUNDS} rounds; last output:\n${outputs[`${phase} round ${ROUNDS}`].slice(-4000)}`);
}

describe(`soak: ${N} instances, about 20 % of all requests faulted`, () => {
  it('up converges: no failed resource, no orphan, no duplicate, state equal to ITCare', async () => {
    const desired = fleet(
      () => 2,
      () => 4,
    );
    await desire(t.stack, desired);
    await untilConverged(
      'create',
      (onOutput) => t.stack.up({ onOutput }),
      async () => {
        const c = await convergence(em, t, desired);
        return JSON.stringify(c) === JSON.stringify(CONVERGED);
      },
    );
    expect(await convergence(em, t, desired)).toEqual(CONVERGED);
  });

  it('a change (a third resized) converges the same way', async () => {
    const desired = fleet(
      (i) => (i % 3 === 0 ? 4 : 2),
      (i) => (i % 3 === 0 ? 8 : 4),
    );
    await desire(t.stack, desired);
    await untilConverged(
      'change',
      (onOutput) => t.stack.up({ onOutput }),
      async () => {
        const c = await convergence(em, t, desired);
        return JSON.stringify(c) === JSON.stringify(CONVERGED);
      },
    );
    expect(await convergence(em, t, desired)).toEqual(CONVERGED);
  });

  it('destroy leaves nothing behind, in ITCare or in state', async () => {
    await untilConverged(
      'destroy',
      (onOutput) => t.stack.destroy({ onOutput }),
      async () => (await em.control.instances()).length === 0,
    );
    expect(await em.control.instances()).toEqual([]);
    const exported = await t.stack.exportStack();
    expect((exported.deployment.resources ?? []).filter((r: { type: string }) => r.type.endsWith(':Instance'))).toEqual([]);
  });

  it('the faults really hit about one request in five, the identity provider included', async () => {
    const faulted = log.filter((e) => e.reset !== undefined || [429, 500, 502, 503].includes(e.status));
    const share = faulted.length / log.length;
    process.stdout.write(
      `soak: ${log.length} requests, ${faulted.length} faulted (${(share * 100).toFixed(1)} %); rounds ${JSON.stringify(rounds)}\n`,
    );
    expect(share).toBeGreaterThan(0.12);
    expect(share).toBeLessThan(0.3);
    expect(faulted.some((e) => e.path.startsWith('/auth/'))).toBe(true);
    expect(faulted.some((e) => e.reset === 'after' && e.method !== 'GET')).toBe(true);
  });

  it('no secret, token or Authorization header in the backend or any output', async () => {
    expect(await leaks(em, { backend: t.stateText(), ...outputs })).toEqual([]);
  });
});
