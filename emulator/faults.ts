import type { Context, Next } from 'koa';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { DRY_RUN_HEADER, emptyAnswer } from './http';

/**
 * Injected failures, for testing a client's retry policy: an HTTP status (with Retry-After), latency,
 * or a cut connection. `reset: "before"` drops the socket untouched; `reset: "after"` lets the request
 * be fully processed (a POST really creates) and then drops the socket instead of answering — the
 * case where a client must not blindly retry a non-idempotent call. Applies to every path but
 * /_emulator, the token endpoint included.
 */

/** Which requests a fault or its `after` matches: method, path pattern, dry run or not. */
const RequestMatch = z.strictObject({
  method: z.string().optional(),
  path: z.string().optional(),
  dryRun: z.boolean().optional(),
});

export const FaultSpec = z.strictObject({
  method: z.string().optional(),
  /** Regular expression matched against the request path, e.g. "^/itcare/compute". */
  path: z.string().optional(),
  status: z.number().int().min(100).max(599).optional(),
  body: z.unknown().optional(),
  /** Seconds, sent as Retry-After. */
  retryAfter: z.number().int().min(0).optional(),
  latencyMs: z.number().int().min(0).optional(),
  /**
   * Hold the request until POST /_emulator/faults/release (or DELETE /faults), then go on with the
   * rest of the fault: a test acts while a call is on its way without guessing how long that takes.
   */
  hold: z.boolean().optional(),
  reset: z.enum(['before', 'after']).optional(),
  /**
   * Armed only once a request matching this has arrived (e.g. the real create POST): the fault then
   * hits what comes after it, such as the lookup a client makes when that create's answer was lost,
   * never an earlier request of the same shape (a pre-create check).
   */
  after: RequestMatch.optional(),
  /** Applies to the next N matching requests; forever when absent. */
  count: z.number().int().min(1).optional(),
  /** Process the request for real, then answer its status with an empty body (a 202 without its tracking object). */
  emptyBody: z.boolean().optional(),
  /**
   * With `status`: process the request for real, then answer `status` (and `body`) instead of its
   * own answer — a 500 or 503 after the server acted, a gateway's 502/504 after the backend did.
   */
  processed: z.boolean().optional(),
  /** Only dry-run requests (true) or only real ones (false); both when absent. */
  dryRun: z.boolean().optional(),
  /** Chance (0..1) that a matching request is hit. */
  probability: z.number().min(0).max(1).optional(),
  /** Seeds this fault's own random draws for `probability`, so a run can be replayed; Math.random when absent. */
  seed: z.number().int().optional(),
  /**
   * false: drop the ITCare-DryRun header that the server echoes on answers to a dry run, as a server
   * (or proxy) that ignores the header would; e.g. `{status: 200, body: {...}, echoDryRun: false}`.
   */
  echoDryRun: z.boolean().optional(),
  /**
   * Process the request for real, then leave these fields out of the JSON answer (of each item of a
   * page too): a server that does not return an INFERRED field, e.g. OpenSearch's instanceCount.
   */
  omitFields: z.array(z.string()).optional(),
});
export type FaultSpec = z.infer<typeof FaultSpec>;

interface ActiveFault {
  spec: FaultSpec;
  path?: RegExp;
  /** Set while the fault waits for its `after` request. */
  waitsFor?: { spec: z.infer<typeof RequestMatch>; path?: RegExp };
  remaining: number;
  random: () => number;
}

/** mulberry32: a small seeded generator in [0, 1), enough to replay a sequence of fault draws. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of a JSON answer without `fields` (the stored resource itself is never touched). */
function omit(body: unknown, fields: string[]): unknown {
  if (!body || typeof body !== 'object' || Buffer.isBuffer(body)) return body;
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  const strip = (o: unknown) => {
    if (o && typeof o === 'object') for (const f of fields) delete (o as Record<string, unknown>)[f];
  };
  if (Array.isArray(copy.content)) copy.content.forEach(strip);
  else if (Array.isArray(copy)) copy.forEach(strip);
  else strip(copy);
  return copy;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Faults {
  private active: ActiveFault[] = [];
  /** Requests held by `hold` faults, released in arrival order. */
  private held: Array<() => void> = [];

  add(spec: FaultSpec): void {
    const random = spec.seed === undefined ? Math.random : seeded(spec.seed);
    const pattern = (p: string | undefined) => (p ? new RegExp(p) : undefined);
    const waitsFor = spec.after ? { spec: spec.after, path: pattern(spec.after.path) } : undefined;
    this.active.push({ spec, path: pattern(spec.path), waitsFor, remaining: spec.count ?? Infinity, random });
  }

  /** How many requests `hold` faults are holding now. */
  heldCount(): number {
    return this.held.length;
  }

  /** Lets every held request go on; how many there were. */
  release(): number {
    const held = this.held.splice(0);
    for (const go of held) go();
    return held.length;
  }

  clear(): void {
    this.release();
    this.active = [];
  }

  list(): FaultSpec[] {
    return this.active.map((f) => f.spec);
  }

  /** The first fault that hits this request; its count is used up. */
  private take(method: string, path: string, dryRun: boolean): FaultSpec | undefined {
    const matches = (m: z.infer<typeof RequestMatch>, pattern: RegExp | undefined) =>
      (m.dryRun === undefined || m.dryRun === dryRun) &&
      (!m.method || m.method.toUpperCase() === method) &&
      (!pattern || pattern.test(path));
    // Arming first would let the arming request hit its own fault: it arms for the requests after it.
    const arming = this.active.filter((f) => f.waitsFor && matches(f.waitsFor.spec, f.waitsFor.path));
    try {
      return this.hit(matches);
    } finally {
      for (const f of arming) f.waitsFor = undefined;
    }
  }

  private hit(matches: (m: z.infer<typeof RequestMatch>, pattern: RegExp | undefined) => boolean): FaultSpec | undefined {
    for (const f of this.active) {
      if (f.waitsFor) continue;
      if (!matches(f.spec, f.path)) continue;
      if (f.spec.probability !== undefined && f.random() >= f.spec.probability) continue;
      if (--f.remaining <= 0) this.active = this.active.filter((x) => x !== f);
      return f.spec;
    }
    return undefined;
  }

  middleware() {
    return async (ctx: Context, next: Next): Promise<void> => {
      const fault = this.take(ctx.method, ctx.path, ctx.get('ITCare-DryRun').toLowerCase() === 'true');
      if (!fault) return next();
      if (fault.hold) await new Promise<void>((go) => this.held.push(go));
      if (fault.latencyMs) await sleep(fault.latencyMs);
      if (fault.echoDryRun === false) ctx.remove(DRY_RUN_HEADER);
      if (fault.retryAfter !== undefined) ctx.set('Retry-After', String(fault.retryAfter));
      if (fault.reset === 'before') {
        ctx.state.reset = 'before';
        ctx.respond = false;
        ctx.req.socket.destroy();
        return;
      }
      if (fault.reset === 'after') return this.processThenCut(ctx, next);
      if (fault.emptyBody) {
        await next();
        const status = ctx.status;
        ctx.body = ''; // an empty string, not null: koa would turn a null body into a 204
        ctx.status = status;
        return;
      }
      if (fault.omitFields) {
        await next();
        ctx.body = omit(ctx.body, fault.omitFields);
        return;
      }
      if (fault.status === undefined) return next();
      if (fault.processed) {
        await next(); // API routes only: the issuer writes its answer itself
        ctx.body = fault.body ?? ''; // not null: after the route's own body, koa would send "null"
        ctx.status = fault.status;
        return;
      }
      if (fault.body === undefined) return emptyAnswer(ctx, fault.status);
      ctx.status = fault.status;
      ctx.body = fault.body;
    };
  }

  /** Runs the request for real, then destroys the socket instead of writing the answer. */
  private async processThenCut(ctx: Context, next: Next): Promise<void> {
    const res: ServerResponse = ctx.res;
    const socket = ctx.req.socket;
    ctx.state.reset = 'after';
    // oidc-provider writes to the raw response itself: swallow whatever anyone writes.
    res.writeHead = (() => res) as unknown as ServerResponse['writeHead'];
    res.write = (() => true) as ServerResponse['write'];
    res.end = (() => {
      socket.destroy();
      return res;
    }) as ServerResponse['end'];
    await next();
    if (ctx.respond !== false) {
      ctx.respond = false;
      socket.destroy();
    }
  }
}
