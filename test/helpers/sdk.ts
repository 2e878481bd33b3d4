import { inspect } from 'node:util';
import type { ITCareClient } from '../../sdk/client';
import type { ClientOptions } from '../../sdk/config';
import { ITCareError } from '../../sdk/errors';
import { sdkClient, type SpawnedEmulator } from './emulator';

/** Fast backoff: tests count requests, they do not measure delays. */
export const FAST_RETRY = { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 2000 };

/** A client of this emulator with the fast retry policy; `extra` overrides options. */
export function fastClient(em: SpawnedEmulator, extra: Partial<ClientOptions> = {}): ITCareClient {
  return sdkClient(em, { retry: FAST_RETRY, ...extra });
}

/** The rejection of `p`; fails the test when `p` resolves. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

/** The rejection of `p`, which must be an ITCareError. */
export async function itcareRejection(p: Promise<unknown>): Promise<ITCareError> {
  const err = await rejection(p);
  if (!(err instanceof ITCareError)) throw new Error(`expected an ITCareError, got ${inspect(err)}`);
  return err;
}
