import { randomUUID } from 'node:crypto';
import { formatITCareDate } from '../sdk/dates';

/**
 * The emulator's state: one collection per resource descriptor, and the async action engine that
 * every POST / PATCH / DELETE goes through. Generic on purpose: nothing here knows about instances,
 * so a new descriptor only needs its own "behaviour" (resources/*.ts).
 */

export interface StoredResource {
  /** An int64, or the resource's own string form (a snapshot's 123-snap-42). */
  id: number | string;
  name: string;
  status: string;
  serviceId: number;
  [field: string]: unknown;
}

export interface ActionRecord {
  id: number;
  status: 'IN_PROGRESS' | 'SUCCESS' | 'ERROR';
  process: string;
  family: string;
  resourceName: string;
  resourceType: string;
  resourceId: number | string;
  serviceId: number;
  requestId: string;
  message: string;
  submittedBy: string;
  submittedAt: string;
  lastUpdatedAt: string;
  completedAt: string | null;
  /** The change reference sent with a DELETE (INFERRED extra: kept on its action so tests can see it arrived). */
  changeReference?: string;
}

export interface ActionSpec {
  process: string;
  family: string;
  resourceType: string;
  resource: StoredResource;
  /** How actions name the resource (its descriptor's nameField); the resource's name when absent. */
  resourceName?: string;
  submittedBy: string;
  requestId?: string;
  message: string;
  changeReference?: string;
  /** Applied when the action ends in SUCCESS. */
  onSuccess: () => void;
  /** Applied when the action ends in ERROR (injected by fail-next). */
  onError: () => void;
}

export const DEFAULT_FAILURE = 'VM provisioning failed on EB-A: datastore unavailable';
const FIRST_RESOURCE_ID = 500061854;
const FIRST_ACTION_ID = 46922;

const now = () => formatITCareDate(new Date());

export class Collection {
  readonly items = new Map<number | string, StoredResource>();

  constructor(private readonly ids: { next: () => number }) {}

  insert(fields: Omit<StoredResource, 'id'> & { id?: number | string }): StoredResource {
    const { id = this.ids.next(), ...rest } = fields;
    // id first, as ITCare lists it.
    const item = { id, ...rest } as StoredResource;
    this.items.set(item.id, item);
    return item;
  }

  all(): StoredResource[] {
    return [...this.items.values()];
  }
}

export class EmulatorStore {
  private resourceSeq = FIRST_RESOURCE_ID;
  private actionSeq = FIRST_ACTION_ID;
  private readonly collections = new Map<string, Collection>();
  readonly actions = new Map<number, ActionRecord>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private failNext = { count: 0, message: undefined as string | undefined };
  timing: { minMs: number; maxMs: number };

  constructor(private readonly defaultActionMs: number) {
    this.timing = { minMs: defaultActionMs, maxMs: defaultActionMs };
  }

  /** Resource ids share one sequence, like ITCare's int64 ids. */
  collection(path: string): Collection {
    let c = this.collections.get(path);
    if (!c) {
      c = new Collection({ next: () => this.resourceSeq++ });
      this.collections.set(path, c);
    }
    return c;
  }

  /** Back to an empty state with default timing; pending actions are abandoned, not completed. */
  reset(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.collections.clear();
    this.actions.clear();
    this.resourceSeq = FIRST_RESOURCE_ID;
    this.actionSeq = FIRST_ACTION_ID;
    this.failNext = { count: 0, message: undefined };
    this.timing = { minMs: this.defaultActionMs, maxMs: this.defaultActionMs };
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  setFailNext(count: number, message?: string): void {
    this.failNext = { count, message };
  }

  runningActionOn(resourceType: string, resourceId: number | string): ActionRecord | undefined {
    for (const a of this.actions.values()) {
      if (a.status === 'IN_PROGRESS' && a.resourceType === resourceType && a.resourceId === resourceId) return a;
    }
    return undefined;
  }

  /** Queues an action; its outcome (fail-next) is decided now so tests can predict which one fails. */
  startAction(spec: ActionSpec): ActionRecord {
    const submittedAt = now();
    const action: ActionRecord = {
      id: this.actionSeq++,
      status: 'IN_PROGRESS',
      process: spec.process,
      family: spec.family,
      resourceName: spec.resourceName ?? spec.resource.name,
      resourceType: spec.resourceType,
      resourceId: spec.resource.id,
      serviceId: spec.resource.serviceId,
      requestId: spec.requestId ?? randomUUID(),
      message: spec.message,
      submittedBy: spec.submittedBy,
      submittedAt,
      lastUpdatedAt: submittedAt,
      completedAt: null,
      ...(spec.changeReference !== undefined ? { changeReference: spec.changeReference } : {}),
    };
    this.actions.set(action.id, action);
    let failure: string | undefined;
    if (this.failNext.count > 0) {
      this.failNext.count--;
      failure = this.failNext.message ?? DEFAULT_FAILURE;
    }
    const { minMs, maxMs } = this.timing;
    const delay = minMs + Math.random() * Math.max(0, maxMs - minMs);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const done = now();
      Object.assign(action, { lastUpdatedAt: done, completedAt: done });
      if (failure === undefined) {
        action.status = 'SUCCESS';
        action.message = `${spec.message}: done`;
        spec.onSuccess();
      } else {
        action.status = 'ERROR';
        action.message = failure;
        spec.onError();
      }
    }, delay);
    this.timers.add(timer);
    return action;
  }
}
