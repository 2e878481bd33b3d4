import type { Context, Next } from 'koa';
import type { AnyResourceDescriptor } from '../sdk/resources';
import { type AnswerShapes, type BehaviourSpec, defaultShapes, IN_FLIGHT } from '../sdk/answerShapes';
import type { ActionRecord, StoredResource } from './store';

export { BehaviourSpec } from '../sdk/answerShapes';

/** Query keys a list keeps when filters are ignored: paging and sorting are not filters. */
const PAGING = new Set(['page', 'size', 'sort']);

/**
 * How this ITCare answers where the public docs do not say (answerShapes.ts lists every switch and
 * why each is plausible), switchable at run time so tests hold clients to the less convenient
 * reading. The store always keeps the canonical resource and action; the shapes change only what
 * an answer shows (present, presentAction), never what the server does with the next request.
 */
export class ServerBehaviour {
  private shapes: AnswerShapes;
  private readonly defaults: AnswerShapes;

  /** `startup`: the start-up choice, which a control reset returns to. */
  constructor(startup: BehaviourSpec = {}) {
    this.defaults = { ...defaultShapes(), ...structuredClone(startup) } as AnswerShapes;
    this.shapes = structuredClone(this.defaults);
  }

  set(spec: BehaviourSpec): void {
    this.shapes = { ...this.shapes, ...structuredClone(spec) } as AnswerShapes;
  }

  reset(): void {
    this.shapes = structuredClone(this.defaults);
  }

  /** Back to the start-up value of some shapes only (DELETE /_emulator/faults resets the dry-run answer). */
  resetOnly(...names: (keyof AnswerShapes)[]): void {
    this.set(Object.fromEntries(names.map((n) => [n, this.defaults[n]])));
  }

  view(): AnswerShapes {
    return structuredClone(this.shapes);
  }

  get<K extends keyof AnswerShapes>(name: K): AnswerShapes[K] {
    return this.shapes[name];
  }

  knows(operation: string): boolean {
    return !this.shapes.unknownOperations.includes(operation);
  }

  /**
   * A resource as an answer shows it: statuses the client does not know (in flight, at rest) and
   * fields left out. `busy`: an action runs on it now.
   */
  present(d: AnyResourceDescriptor, item: StoredResource, busy: boolean): Record<string, unknown> {
    const shown: Record<string, unknown> = { ...item };
    const s = this.shapes;
    if (s.inFlightStatuses === 'unknown') {
      if (item.status === d.statuses.creating) shown.status = IN_FLIGHT.creating;
      else if (item.status === d.statuses.deleting) shown.status = IN_FLIGHT.deleting;
      else if (busy) shown.status = IN_FLIGHT.operating;
    }
    const inFlight = busy || [d.statuses.creating, d.statuses.deleting].includes(item.status);
    if (s.atRestStatus !== null && !inFlight && item.status !== d.statuses.failed) shown.status = s.atRestStatus;
    for (const f of [...s.omitFields, ...(s.echoTags ? [] : ['tags'])]) delete shown[f];
    return shown;
  }

  presentAction(action: ActionRecord): ActionRecord {
    if (this.shapes.inFlightStatuses === 'unknown' && action.status === 'IN_PROGRESS')
      return { ...action, status: IN_FLIGHT.action as ActionRecord['status'] };
    return action;
  }

  /** The body of a 202 that accepted a mutation, as the `accepted` shape says. */
  acceptedBody(action: ActionRecord): Record<string, unknown> | '' {
    const body = { id: action.id, status: this.presentAction(action).status, message: action.message };
    switch (this.shapes.accepted) {
      case 'empty':
        return ''; // an empty string, not null: koa would turn a null body into a 204
      case 'action':
        return body;
      default:
        return { ...body, resourceId: action.resourceId };
    }
  }

  /**
   * One point for every API route: a GET's filters are dropped before any route reads them (the
   * request log, earlier in the chain, still records what the client sent), and the dry-run shape
   * is handed to answerDryRun.
   */
  middleware() {
    return async (ctx: Context, next: Next): Promise<void> => {
      ctx.state.dryRunAnswer = this.shapes.dryRun;
      if (this.shapes.ignoreQueryFilters && ctx.method === 'GET') {
        ctx.query = Object.fromEntries(Object.entries(ctx.query).filter(([k]) => PAGING.has(k)));
      }
      await next();
    };
  }
}
