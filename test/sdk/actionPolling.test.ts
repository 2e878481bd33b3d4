import { UNREACHABLE, waitForAction, type ActionProgress, type ActionReader } from '../../sdk/actions';
import { ActionTimeoutError, AuthenticationError, NetworkError, ServerError, TooManyRequestsError, httpError } from '../../sdk/errors';
import type { Action } from '../../sdk/resources/action';

/**
 * Which poll failures waitForAction polls through, with a scripted reader (no HTTP): the HTTP case
 * (500 from the emulator) is in actions.test.ts.
 */

const running = { id: 7, status: 'IN_PROGRESS' } as Action;
const done = { id: 7, status: 'SUCCESS' } as Action;
const FAST = { minDelayMs: 1, maxDelayMs: 2, timeout: 5_000 };

/** Answers the scripted outcomes in order (an Error is thrown), then SUCCESS. */
function scripted(...outcomes: (Action | Error)[]): ActionReader & { calls: number } {
  const reader = Object.assign(
    async () => {
      const next = outcomes[reader.calls++] ?? done;
      if (next instanceof Error) throw next;
      return next;
    },
    { calls: 0 },
  );
  return reader;
}

const idpDown = new AuthenticationError('ITCare authentication failed during the client_credentials grant: HTTP 503', {
  cause: new ServerError('HTTP 503', { httpStatus: 503 }),
});
const idpUnreachable = new AuthenticationError('ITCare authentication failed during OIDC discovery', {
  cause: new NetworkError('no answer (ECONNREFUSED)'),
});

describe('waitForAction and transient failures', () => {
  it('polls through 5xx, no answer, 429 and an unreachable IdP, reporting each as UNREACHABLE', async () => {
    const failures = [
      httpError('GET', '/actions/7', 500, undefined),
      new NetworkError('ITCare GET /actions/7 got no answer (ECONNRESET)'),
      httpError('GET', '/actions/7', 429, undefined),
      idpDown,
      idpUnreachable,
    ];
    const read = scripted(running, ...failures);
    const progress: ActionProgress[] = [];
    const before = Date.now();
    const action = await waitForAction(read, 7, { ...FAST, onProgress: (p) => progress.push(p) });
    const waited = Date.now() - before;
    for (const p of progress) expect(p.elapsedMs).toBeLessThanOrEqual(waited); // failed polls too

    expect(action).toBe(done);
    expect(read.calls).toBe(7);
    expect(progress.map((p) => p.status)).toEqual(['IN_PROGRESS', ...failures.map(() => UNREACHABLE), 'SUCCESS']);
    expect(progress.slice(1, 6).map((p) => p.error)).toEqual(failures);
    expect(failures[2]).toBeInstanceOf(TooManyRequestsError);
  });

  it.each([
    ['a 404 on the action', httpError('GET', '/actions/7', 404, undefined)],
    ['a 401 after re-authentication', httpError('GET', '/actions/7', 401, undefined)],
    ['a 400', httpError('GET', '/actions/7', 400, undefined)],
    ['a refused client secret', new AuthenticationError('invalid_client', { cause: { status: 401, error: 'invalid_client' } })],
  ])('fails at once on %s', async (_what, error) => {
    const read = scripted(running, error);
    await expect(waitForAction(read, 7, FAST)).rejects.toBe(error);
    expect(read.calls).toBe(2);
  });

  it('at the deadline, an ActionTimeoutError names the last known status and keeps the last failure as cause', async () => {
    const down = httpError('GET', '/actions/7', 503, undefined);
    let calls = 0;
    const read: ActionReader = async () => {
      if (calls++ === 0) return running;
      throw down;
    };
    const err = await waitForAction(read, 7, { ...FAST, timeout: 50 }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ActionTimeoutError);
    expect(err).toMatchObject({ actionId: 7, cause: down });
    expect((err as Error).message).toMatch(
      /^ITCare action 7 still IN_PROGRESS after \d+ s .*\(last poll failed: ITCare GET \/actions\/7 failed with HTTP 503\)$/,
    );
  });
});
