import { z } from 'zod';
import { itcareDate } from '../dates';

/**
 * An async action. Known statuses are IN_PROGRESS, SUCCESS and ERROR; anything else is kept as-is
 * (and treated as still running) so that a new server status never breaks a client.
 */
export const ACTION_STATUSES = ['IN_PROGRESS', 'SUCCESS', 'ERROR'] as const;
export const ActionStatus = z.string();

/** The statuses that end an action; any other one (IN_PROGRESS, or one a server adds) is still running. */
const TERMINAL: ReadonlySet<string> = new Set(['SUCCESS', 'ERROR']);

/**
 * True while an action runs: every status but the terminal ones. The one test of it, for the
 * client's running actions and the provider's search after a 202 without an action id alike.
 */
export function isRunning(action: { status: string }): boolean {
  return !TERMINAL.has(action.status);
}

export const Action = z.looseObject({
  id: z.coerce.number().int(),
  status: ActionStatus,
  process: z.string().nullish(),
  family: z.string().nullish(),
  resourceName: z.string().nullish(),
  resourceType: z.string().nullish(),
  message: z.string().nullish(),
  submittedBy: z.string().nullish(),
  submittedAt: itcareDate.nullish(),
  lastUpdatedAt: itcareDate.nullish(),
  completedAt: itcareDate.nullish(),
});
export type Action = z.output<typeof Action>;

/**
 * Body of a 202 answer (INFERRED: `{id, status, message}`; the emulator also sends resourceId).
 * The body may be empty, and some servers call the field actionId: both are read.
 */
/** An int64 id as number or numeric string; null, empty or anything else reads as absent (never 0). */
const optionalId = z.preprocess(
  (v) => (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v)) ? Number(v) : undefined),
  z.number().int().positive().optional(),
);

/**
 * The created resource's id: an int64 as above, or a resource's own string form (a snapshot's
 * 123-snap-42), checked against its descriptor's id rule before any path is built from it.
 */
const resourceId = z.preprocess((v) => {
  if (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))) return Number(v) > 0 ? Number(v) : undefined;
  return typeof v === 'string' && /^[\w.-]+$/.test(v) ? v : undefined;
}, z.union([z.number().int().positive(), z.string()]).optional());

export const AcceptedBody = z
  .looseObject({
    id: optionalId,
    actionId: optionalId,
    status: z.string().nullish(),
    message: z.string().nullish(),
    resourceId,
  })
  .transform((b) => ({ ...b, actionId: b.actionId ?? b.id }));

/** Reads a 202 body tolerantly: after ITCare accepted a mutation, an odd body must not lose track of it. */
export function readAccepted(data: unknown): AcceptedBody {
  const r = AcceptedBody.safeParse(data && typeof data === 'object' ? data : {});
  return r.success ? r.data : { actionId: undefined, id: undefined, resourceId: undefined };
}
export type AcceptedBody = z.output<typeof AcceptedBody>;

/**
 * The answer to a dry run. Its shape is INFERRED, so any 2xx that echoed ITCare-DryRun is a passed
 * validation (the transport refuses one without the echo), whatever its body: 200 {status: "VALID",
 * message}, 202 {id: 0, status: "SUCCESS", message}, 204. The message is kept when there is one.
 */
export interface DryRunResult {
  dryRun: true;
  message?: string;
  /** The answer's body as sent (redacted), for servers that say more. */
  body: unknown;
}

export function readDryRun(data: unknown): DryRunResult {
  const said = data && typeof data === 'object' ? (data as Record<string, unknown>).message : data;
  return { dryRun: true, message: typeof said === 'string' && said !== '' ? said : undefined, body: data };
}

export const ActionQuery = z.object({
  resourceName: z.string().optional(),
  resourceId: z.number().int().optional(),
  serviceId: z.number().int().optional(),
  statuses: z.array(z.string()).optional(),
  requestId: z.string().optional(),
});
export type ActionQuery = z.input<typeof ActionQuery>;
