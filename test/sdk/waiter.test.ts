import { AbortedError } from '../../sdk/errors';
import { getEventListeners } from 'node:events';
import { rejection } from '../helpers/sdk';
import { abortable, abortableSleep, backoffDelay, waitUntil, WaiterTimeout } from '../../sdk/waiter';

/** A fake clock: sleeps advance time instantly, so schedules are checked without real waiting. */
function fakeClock(start = 0) {
  let t = start;
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
      timeoutMs: 60_000,
      ...clock,
      random: () => 1,
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
        timeoutMs: 1000,
        minDelayMs: 300,
        maxDelayMs: 300,
        ...clock,
        random: () => 0,
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
    await expect(
      waitUntil(
        async () => {
          during.abort();
          return { done: false };
        },
        { timeoutMs: 60_000, minDelayMs: 10_000, signal: during.signal },
      ),
    ).rejects.toThrow(/^wait aborted$/);
    const sleeping = new AbortController();
    const p = waitUntil(async () => ({ done: false }), { timeoutMs: 60_000, minDelayMs: 10_000, signal: sleeping.signal });
    setTimeout(() => sleeping.abort(), 20);
    await expect(p).rejects.toThrow(/^wait aborted$/);
  });

  it('propagates probe errors as they are', async () => {
    await expect(
      waitUntil(
        async () => {
          throw new Error('boom');
        },
        { timeoutMs: 1000 },
      ),
    ).rejects.toThrow('boom');
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

describe('what a wait says and leaves behind', () => {
  it('a timeout says the last state (or pending) and the time since the wait began, on any clock', async () => {
    const clock = fakeClock(5000); // a clock that does not start at 0
    const polls: number[] = [];
    const err = await rejection(
      waitUntil(async () => ({ done: false, state: 'IN_PROGRESS' }), {
        timeoutMs: 1000,
        minDelayMs: 500,
        maxDelayMs: 500,
        ...clock,
        random: () => 0,
        onPoll: (p) => polls.push(p.elapsedMs),
      }),
    );
    expect(err).toBeInstanceOf(WaiterTimeout);
    expect((err as Error).message).toBe('still IN_PROGRESS after 1000 ms');
    expect(polls).toEqual([0, 500, 1000]);
    expect(new WaiterTimeout(20).message).toBe('still pending after 20 ms');
  });

  it('an aborted signal stops the wait before the first probe', async () => {
    const ac = new AbortController();
    ac.abort();
    let probes = 0;
    await expect(
      waitUntil(
        async () => {
          probes++;
          return { done: false };
        },
        { timeoutMs: 60_000, signal: ac.signal },
      ),
    ).rejects.toThrow(/^wait aborted$/);
    expect(probes).toBe(0);
  });

  it('a sleep on an aborted signal rejects at once', async () => {
    const ac = new AbortController();
    ac.abort();
    const slept = new Promise((r) => setTimeout(() => r('slept'), 200));
    await expect(Promise.race([abortableSleep(60_000, ac.signal), slept])).rejects.toThrow(/^wait aborted$/);
  });

  it('sleeps and abortable waits leave no listener on the signal, however they end', async () => {
    const ac = new AbortController();
    await abortableSleep(1, ac.signal);
    await abortable(Promise.resolve('x'), ac.signal);
    await expect(abortable(Promise.reject(new Error('no')), ac.signal)).rejects.toThrow('no');
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    const aborted = new AbortController();
    const sleeping = abortableSleep(60_000, aborted.signal);
    const waiting = abortable(new Promise(() => undefined), aborted.signal);
    expect(getEventListeners(aborted.signal, 'abort')).toHaveLength(2);
    aborted.abort();
    await expect(sleeping).rejects.toThrow(/^wait aborted$/);
    await expect(waiting).rejects.toThrow(/^wait aborted$/);
    expect(getEventListeners(aborted.signal, 'abort')).toHaveLength(0);
  });
});
