import { AbortedError } from '../../sdk/errors';
import { abortable, backoffDelay, waitUntil, WaiterTimeout } from '../../sdk/waiter';

/** A fake clock: sleeps advance time instantly, so schedules are checked without real waiting. */
function fakeClock() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}

describe('waitUntil', () => {
  it('resolves with the probe value once done', async () => {
    const clock = fakeClock();
    let n = 0;
    const v = await waitUntil(async () => (++n === 3 ? { done: true, value: 'ok' } : { done: false, state: 'IN_PROGRESS' }), {
      timeoutMs: 60_000, ...clock, random: () => 1,
    });
    expect(v).toBe('ok');
    expect(n).toBe(3);
    expect(clock.sleeps).toEqual([250, 500]);
  });

  it('backs off exponentially up to the cap, with jitter inside [min, ceiling]', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, 100, 1000, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
    expect(backoffDelay(5, 100, 1000, () => 0)).toBe(100);
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(4, 100, 1000);
      expect(d).toBeGreaterThanOrEqual(100);
      expect(d).toBeLessThanOrEqual(800);
    }
  });

  it('throws WaiterTimeout with the last state at the deadline, never sleeping past it', async () => {
    const clock = fakeClock();
    const polls: string[] = [];
    await expect(
      waitUntil(async () => ({ done: false, state: 'IN_PROGRESS' }), {
        timeoutMs: 1000, minDelayMs: 300, maxDelayMs: 300, ...clock, random: () => 0,
        onPoll: (p) => polls.push(`${p.attempt}:${p.state}`),
      }),
    ).rejects.toMatchObject({ lastState: 'IN_PROGRESS' });
    expect(clock.now()).toBe(1000);
    expect(clock.sleeps).toEqual([300, 300, 300, 100]);
    expect(polls[0]).toBe('1:IN_PROGRESS');
    await expect(waitUntil(async () => ({ done: false }), { timeoutMs: 0, ...fakeClock() })).rejects.toBeInstanceOf(WaiterTimeout);
  });

  it('stops on abort with an AbortedError, also during a real sleep', async () => {
    const ac = new AbortController();
    const p = waitUntil(async () => ({ done: false }), { timeoutMs: 60_000, minDelayMs: 10_000, signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    await expect(p).rejects.toBeInstanceOf(AbortedError);
    await expect(p).rejects.toMatchObject({ code: 'ITCARE_ABORTED' });
  });

  it('says "wait aborted" (waitUntil is public: callers may read it) whenever the signal fires', async () => {
    const before = new AbortController();
    before.abort();
    await expect(waitUntil(async () => ({ done: false }), { timeoutMs: 60_000, signal: before.signal })).rejects.toThrow(/^wait aborted$/);
    // Fired during a probe: the sleep that follows starts already aborted.
    const during = new AbortController();
    await expect(waitUntil(async () => { during.abort(); return { done: false }; }, { timeoutMs: 60_000, minDelayMs: 10_000, signal: during.signal })).rejects.toThrow(/^wait aborted$/);
    const sleeping = new AbortController();
    const p = waitUntil(async () => ({ done: false }), { timeoutMs: 60_000, minDelayMs: 10_000, signal: sleeping.signal });
    setTimeout(() => sleeping.abort(), 20);
    await expect(p).rejects.toThrow(/^wait aborted$/);
  });

  it('propagates probe errors as they are', async () => {
    await expect(waitUntil(async () => { throw new Error('boom'); }, { timeoutMs: 1000 })).rejects.toThrow('boom');
  });
});

describe('abortable', () => {
  it('gives up on a shared promise when the signal fires, before or while waiting, saying "wait aborted"', async () => {
    const never = new Promise<string>(() => undefined);
    const before = new AbortController();
    before.abort();
    await expect(abortable(never, before.signal)).rejects.toThrow(/^wait aborted$/);
    const later = new AbortController();
    const p = abortable(never, later.signal);
    setTimeout(() => later.abort(), 20);
    await expect(p).rejects.toBeInstanceOf(AbortedError);
    await expect(p).rejects.toThrow(/^wait aborted$/);
    await expect(abortable(Promise.resolve('shared'), new AbortController().signal)).resolves.toBe('shared');
  });
});
