import { apiPath } from '../sdk/paths';
import { DRY_RUN_HEADER } from '../sdk/transport';

/**
 * The doctor's only way to the API: raw answers (status, headers, body as sent), because telling a
 * 200 with no body from a 204 is the point. It sends GETs and dry runs, nothing else, and stops
 * sending dry runs the moment an answer to one does not echo ITCare-DryRun: a server that did not
 * echo may have ignored the header and acted, so the doctor must not give it a second chance.
 */

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';

export interface WireAnswer {
  status: number;
  /** True when the answer carried `ITCare-DryRun: true` back. */
  echoed: boolean;
  /** Parsed JSON, the raw text when not JSON, undefined when empty. */
  body: unknown;
  empty: boolean;
}

/** A request the doctor refuses to send: it would (or might) change something in ITCare. */
export class MutationRefused extends Error {
  readonly code = 'DOCTOR_REFUSES_MUTATION';
}

export interface WireOptions {
  query?: Record<string, string | number>;
  body?: unknown;
  dryRun?: boolean;
}

export class ReadOnlyWire {
  /** Why dry runs stopped, once an answer to one came back without the echo. */
  dryRunsStopped?: string;
  /** Every request sent, method and path only: the report says what the doctor did. */
  readonly sent: { method: Method; path: string; dryRun: boolean; status: number }[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs: number,
  ) {}

  async send(method: Method, path: string, o: WireOptions = {}): Promise<WireAnswer> {
    if (method !== 'GET' && o.dryRun !== true) {
      throw new MutationRefused(
        `itcare-doctor only reads and dry-runs: ${method} ${path} without ${DRY_RUN_HEADER} would change ITCare, so it is not sent`,
      );
    }
    if (o.dryRun && this.dryRunsStopped) throw new MutationRefused(`dry run ${method} ${path} not sent: ${this.dryRunsStopped}`);
    const url = new URL(this.baseUrl + apiPath(path));
    for (const [k, v] of Object.entries(o.query ?? {})) url.searchParams.set(k, String(v));
    const res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        accept: 'application/vnd.cegedim-it.v1+json, application/json;q=0.9',
        'user-agent': 'itcare-doctor',
        ...(o.dryRun ? { [DRY_RUN_HEADER]: 'true' } : {}),
        ...(o.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    const echoed = res.headers.get(DRY_RUN_HEADER)?.toLowerCase() === 'true';
    this.sent.push({ method, path, dryRun: o.dryRun === true, status: res.status });
    if (o.dryRun && !echoed) {
      this.dryRunsStopped = `ITCare answered the dry run ${method} ${path} (HTTP ${res.status}) without echoing ${DRY_RUN_HEADER}: it may have ignored the header, so no further dry run is sent`;
    }
    return { status: res.status, echoed, body: parse(text), empty: text === '' };
  }

  get(path: string, query?: Record<string, string | number>): Promise<WireAnswer> {
    return this.send('GET', path, { query });
  }
}

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The error body's errorDesc (the field ITCare names), when there is one. */
export function errorDesc(a: WireAnswer): string | undefined {
  const d = a.body && typeof a.body === 'object' ? (a.body as Record<string, unknown>).errorDesc : undefined;
  return typeof d === 'string' ? d : undefined;
}
