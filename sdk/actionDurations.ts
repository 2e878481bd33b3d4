import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Action } from './resources/action';

/**
 * How long ITCare actions of one kind take, learned from the actions this process has seen end
 * (`submittedAt` → `completedAt`): its own waits and the action histories it listed. ITCare actions
 * of one kind (process + resource type + sizing) take similar times, so the adaptive wait strategy
 * polls around the expected end instead of on a blind backoff. Kept across runs in a small JSON
 * file (one `pulumi up` is one provider process): `ITCARE_ACTION_DURATIONS` names another file, or
 * `off` keeps it in memory only. Only durations, when they were learned and kind names are stored:
 * no id, name or message.
 *
 * Durations belong to an endpoint: the same kind of action takes 2 s on the emulator and minutes on
 * ITCare, so a kind is learned per ITCare URL and client id (hashed: the file names no host), and
 * samples older than a month age out, so that a slow season does not teach a fast one to sleep.
 */

/** The newest durations kept per kind: enough for a spread, small enough to follow a change. */
const SAMPLES_PER_KIND = 12;
/** Kinds kept in the file (least recently seen dropped): a bound, not a working limit. */
const MAX_KINDS = 200;
/** Samples older than this teach nothing: ITCare's durations drift (releases, load, a new site). */
export const SAMPLE_MAX_AGE_MS = 30 * 24 * 3600_000;
/** Version 1 files were not keyed by endpoint: their samples may be any server's, so they are dropped. */
const FILE_VERSION = 2;

export const DURATIONS_ENV = 'ITCARE_ACTION_DURATIONS';

export interface Expected {
  /** Shortest and longest duration seen for the kind (ms), and how many were seen. */
  minMs: number;
  maxMs: number;
  samples: number;
}

/**
 * Where an action ran: the ITCare URL and the API client, hashed so that the file names no host.
 * Two accounts of one ITCare are learned apart too: nothing says their platforms are the same.
 */
export function endpointKey(url: string, clientId = ''): string {
  return createHash('sha256')
    .update(`${url.replace(/\/+$/, '')} ${clientId}`)
    .digest('hex')
    .slice(0, 12);
}

/** The kind of an action: endpoint, process and resource type, plus the sizing when the caller knows it. */
export function actionKind(action: Pick<Action, 'process' | 'resourceType'>, sizing?: string, endpoint?: string): string | undefined {
  if (!action.process) return undefined;
  return [endpoint ?? '', action.process, action.resourceType ?? '', sizing ?? ''].join('|');
}

/** A learned duration and when it was learned (epoch ms). */
type Sample = [ms: number, learnedAt: number];

/** Inputs that size a resource (instance cpu/ram, a database's nodeSizing, an Overdrive's sizing). */
const SIZING_FIELDS = ['cpu', 'ram', 'nodeSizing', 'sizing'] as const;

/**
 * The sizing part of an action's kind, from the resource's inputs (e.g. `cpu=2 ram=4`): a create
 * or resize of 16 cpu takes longer than one of 1, so they are learned apart. Undefined when the
 * resource has no sizing field.
 */
export function sizingOf(fields: Record<string, unknown>): string | undefined {
  const parts = SIZING_FIELDS.filter((f) => typeof fields[f] === 'string' || typeof fields[f] === 'number').map(
    (f) => `${f}=${String(fields[f])}`,
  );
  return parts.length ? parts.join(' ') : undefined;
}

export function defaultDurationsFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const set = env[DURATIONS_ENV]?.trim();
  if (set === 'off' || set === 'false' || set === '0') return undefined;
  if (set) return set;
  const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'pulumi-itcare', 'action-durations.json');
}

export class DurationBook {
  private readonly kinds = new Map<string, Sample[]>();
  /**
   * Actions already counted: a wait and a listed history often see the same one. Keyed by endpoint,
   * id and submission time: an id alone repeats across endpoints and a reset emulator.
   */
  private readonly counted = new Set<string>();
  private loaded = false;

  /**
   * `file`: where durations persist; undefined keeps them in this process only. `now`: the clock
   * that dates samples and ages them out (injected by tests).
   */
  constructor(
    readonly file?: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a finished action; anything without both timestamps, or not a SUCCESS, teaches nothing. */
  observe(action: Action, sizing?: string, endpoint?: string): void {
    if (this.record(action, sizing, endpoint)) this.save();
  }

  /** Learns from a listed history (e.g. actions.forResource): one write for all of it. */
  observeAll(actions: Action[], endpoint?: string): void {
    let learned = false;
    for (const a of actions) learned = this.record(a, undefined, endpoint) || learned;
    if (learned) this.save();
  }

  private record(action: Action, sizing?: string, endpoint?: string): boolean {
    const seen = `${endpoint ?? ''}#${action.id}@${action.submittedAt?.getTime()}`;
    if (action.status !== 'SUCCESS' || !action.submittedAt || !action.completedAt || this.counted.has(seen)) return false;
    const ms = action.completedAt.getTime() - action.submittedAt.getTime();
    if (!(ms >= 0)) return false;
    if (this.counted.size >= 10_000) this.counted.clear(); // a bound for long-lived SDK processes
    this.counted.add(seen);
    this.load();
    const keys = [actionKind(action, undefined, endpoint), sizing ? actionKind(action, sizing, endpoint) : undefined];
    for (const key of keys) if (key) this.add(key, ms);
    return keys[0] !== undefined;
  }

  /**
   * What actions of this kind took at this endpoint, from the samples still fresh; with a sizing,
   * its own record when there is one, else the kind's.
   */
  expected(action: Pick<Action, 'process' | 'resourceType'>, sizing?: string, endpoint?: string): Expected | undefined {
    this.load();
    const fresh = (key: string | undefined) =>
      (this.kinds.get(key ?? '') ?? []).filter(([, at]) => this.now() - at <= SAMPLE_MAX_AGE_MS).map(([ms]) => ms);
    const own = sizing ? fresh(actionKind(action, sizing, endpoint)) : [];
    const xs = own.length ? own : fresh(actionKind(action, undefined, endpoint));
    if (!xs.length) return undefined;
    return { minMs: Math.min(...xs), maxMs: Math.max(...xs), samples: xs.length };
  }

  private add(key: string, ms: number): void {
    const xs = this.kinds.get(key) ?? [];
    this.kinds.delete(key); // re-inserted last: Map order is recency
    xs.push([ms, this.now()]);
    this.kinds.set(key, xs.slice(-SAMPLES_PER_KIND));
    while (this.kinds.size > MAX_KINDS) this.kinds.delete(this.kinds.keys().next().value as string);
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    if (!this.file) return;
    try {
      const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { version?: unknown; kinds?: Record<string, unknown> };
      if (data.version !== FILE_VERSION) return; // an older file's samples are not tied to an endpoint
      const fresh = (x: unknown): x is Sample =>
        Array.isArray(x) && x.length === 2 && x.every((v) => typeof v === 'number' && v >= 0) && this.now() - x[1] <= SAMPLE_MAX_AGE_MS;
      for (const [key, xs] of Object.entries(data.kinds ?? {})) {
        const ok = Array.isArray(xs) ? xs.filter(fresh) : [];
        if (ok.length && !this.kinds.has(key)) this.kinds.set(key, ok.slice(-SAMPLES_PER_KIND));
      }
    } catch {
      // No file yet, or unreadable: a cache, so start empty.
    }
  }

  private save(): void {
    if (!this.file) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ version: FILE_VERSION, kinds: Object.fromEntries(this.kinds) }));
      fs.renameSync(tmp, this.file); // atomic: a concurrent reader sees the old file or the new one
    } catch {
      // Read-only home, full disk: the waits still work, they only learn less.
    }
  }
}

const shared = new Map<string, DurationBook>();

/** One book per file in a process, so every client of a provider process learns from the others. */
export function durationBook(file: string | undefined = defaultDurationsFile()): DurationBook {
  const key = file ?? '';
  let book = shared.get(key);
  if (!book) {
    book = new DurationBook(file);
    shared.set(key, book);
  }
  return book;
}
