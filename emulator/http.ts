import type { Context } from 'koa';
import type { z } from 'zod';
import { ANSWER_SHAPES } from '../sdk/answerShapes';
import { answerError, errorBodyOf, ITCareHttpError } from '../sdk/errors';

/**
 * ITCare's wire conventions shared by every route: the error body
 * `{status, errorCode, errorDesc, errorMessage}`, the dry-run header, and the 202 "accepted" body.
 */

/**
 * An error route code throws: the SDK's own error classes (sdk/errors.ts), so the emulator and the
 * client share one hierarchy and one status table; the error middleware answers ITCare's body.
 */
export const apiError = answerError;

export const invalidField = (field: string, message: string) => apiError(400, 'INVALID_FIELD_VALUE', field, message);
export const notFound = (what: string, id: string | number, field = 'id') =>
  apiError(404, 'RESOURCE_NOT_FOUND', field, `${what} ${id} not found`);
export const invalidState = (message: string) => apiError(409, 'INVALID_STATE', 'status', message);

/** The first zod issue as ITCare reports a field: errorDesc is the dotted path. */
export function fromZod(error: z.ZodError): ITCareHttpError {
  const issue = error.issues[0];
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const field = [...issue.path.map(String), ...keys.slice(0, 1)].join('.') || 'body';
  return invalidField(field, `Error on field '${field}': ${issue.message}`);
}

/** Parses with a zod schema or throws the ITCare 400. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}

export const DRY_RUN_HEADER = 'ITCare-DryRun';

export function isDryRun(ctx: Context): boolean {
  return String(ctx.get(DRY_RUN_HEADER)).toLowerCase() === 'true';
}

/** How a dry run that passed every check is answered: the `dryRun` answer shape (answerShapes.ts). */
export const DryRunAnswer = ANSWER_SHAPES.dryRun.schema;
export type DryRunAnswer = z.infer<typeof DryRunAnswer>;

/** A dry run that passed every check: nothing was created, changed or queued. */
export function answerDryRun(ctx: Context): void {
  const shape = (ctx.state.dryRunAnswer as DryRunAnswer | undefined) ?? 'valid';
  const message = 'Dry run: nothing was done';
  if (shape === 'empty') {
    emptyAnswer(ctx, 204);
    return;
  }
  if (shape === 'blank') {
    ctx.body = ''; // an empty string, not null: koa would turn a null body into a 204
    ctx.status = 200;
    return;
  }
  ctx.status = shape === 'accepted' ? 202 : 200;
  ctx.body = shape === 'accepted' ? { id: 0, status: 'SUCCESS', message } : { status: 'VALID', message };
}

/** Answers an empty body with the given status (Koa would otherwise write the status text). */
export function emptyAnswer(ctx: Context, status: number): void {
  // Body first: Koa turns a null body into 204 unless the status is set afterwards.
  ctx.body = null;
  ctx.status = status;
}

/** Error middleware for the API: ITCare error bodies for our errors, malformed JSON and crashes. */
export async function errorBodies(ctx: Context, next: () => Promise<unknown>): Promise<void> {
  try {
    await next();
    if (ctx.status === 404 && ctx.body === undefined) {
      throw apiError(404, 'RESOURCE_NOT_FOUND', 'path', `No route for ${ctx.method} ${ctx.path}`);
    }
  } catch (err) {
    const e = err instanceof ITCareHttpError ? err : asApiError(err);
    ctx.status = e.httpStatus ?? 500;
    ctx.body = errorBodyOf(e);
  }
}

function asApiError(err: unknown): ITCareHttpError {
  const status = (err as { status?: number }).status;
  if (status === 400 || status === 415 || status === 413) {
    return apiError(400, 'MALFORMED_REQUEST', 'body', 'The request body is not valid JSON');
  }
  console.error('[itcare-emulator] internal error', err);
  return apiError(500, 'INTERNAL_ERROR', '', 'Internal server error');
}
