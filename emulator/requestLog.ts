import type { IncomingMessage } from 'node:http';
import type { Context, Next } from 'koa';
import { isDryRun } from './http';

/**
 * Every non-control request, as tests need to count them (e.g. single-flight token refresh: 50
 * concurrent calls → exactly one token request). Only method, path, query, the dry-run flag, the
 * answered status and the token grant type are kept: never headers (Authorization) nor bodies
 * (client secrets, passwords, tokens).
 */

export interface LogEntry {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  dryRun: boolean;
  /** HTTP status answered; 0 when the connection was reset before any processing. */
  status: number;
  grantType?: string;
  /** Set when a fault cut the connection ("before" or "after" processing). */
  reset?: 'before' | 'after';
  at: string;
}

/** Query keys whose values must not reach the log even if a client puts them in a URL. */
const SECRET_QUERY = /token|secret|password|assertion/i;

export class RequestLog {
  entries: LogEntry[] = [];

  clear(): void {
    this.entries = [];
  }

  middleware(grantTypeOf: (req: IncomingMessage) => string | undefined) {
    return async (ctx: Context, next: Next): Promise<void> => {
      const at = new Date().toISOString();
      // Read now: the issuer's mount rewrites req.url before handing the request to oidc-provider.
      const { method, path } = ctx;
      const query: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(ctx.query)) if (v !== undefined) query[k] = SECRET_QUERY.test(k) ? '[redacted]' : v;
      try {
        await next();
      } finally {
        const reset = ctx.state.reset as LogEntry['reset'];
        const entry: LogEntry = {
          method,
          path,
          query,
          dryRun: isDryRun(ctx),
          // Requests handed to oidc-provider bypass Koa's response: read the raw status.
          status: reset === 'before' ? 0 : ctx.respond === false ? ctx.res.statusCode : ctx.status,
          at,
        };
        const grantType = grantTypeOf(ctx.req);
        if (grantType) entry.grantType = grantType;
        if (reset) entry.reset = reset;
        this.entries.push(entry);
      }
    };
  }
}
