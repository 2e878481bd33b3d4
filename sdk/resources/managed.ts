import { z } from 'zod';
import { itcareDate } from '../dates';
import { commaList, defineResource, type OperationSpec, type PowerSpec, type ResourceDescriptor } from './descriptor';

/**
 * What the managed services of the catalogue (databases, Kafka, Overdrive) share: the VERIFIED
 * validation rules (password, database name), placement, the common part of their representation,
 * and their start/stop power handling. INFERRED parts are listed in emulator/README.md.
 */

/** VERIFIED rule of `admPassword` / `password`. The message never repeats the value. */
export const password = z
  .string()
  .regex(
    /^(?=.*[0-9])(?=.*[a-z])(?=.*[A-Z])(?=.*[!@#&()–{}:;',?/*~$^+=<>]).{12,20}$/,
    "12 to 20 characters with a digit, a lower-case and an upper-case letter and one of !@#&()–{}:;',?/*~$^+=<>",
  );

/** VERIFIED database name rule: lower-case letters or digits, 5–60 characters, not `cluster`. */
export const databaseName = z
  .string()
  .regex(/^[a-z0-9]{5,60}$/, 'lower-case letters or digits, 5 to 60 characters')
  .refine((n) => n !== 'cluster', '"cluster" is reserved');

/** Node sizing from ITCare's catalogue, e.g. 2cpu4gb (the offered sizings are checked by the server). */
export const nodeSizing = z.string().regex(/^\d+cpu\d+gb$/, 'a sizing such as 2cpu4gb (<cpu>cpu<ram>gb)');

/** Node name prefix of clusters: upper-case letters and digits. */
export const nodePrefix = (min: number, max: number) =>
  z
    .string()
    .regex(new RegExp(`^[A-Z][A-Z0-9]{${min - 1},${max - 1}}$`), `${min} to ${max} upper-case letters or digits, starting with a letter`);

export const serviceId = z.number().int().positive();
export const networkId = z.number().int().positive();
export const region = z.string().regex(/^[A-Z]{2}$/, 'a region code such as EB or ET');
export const area = z.string().regex(/^[A-Z]{2}-[A-Z0-9]+$/, 'an area code such as EB-QA');
export const availabilityZone = z.string().regex(/^[A-Z]{2}-[A-Z]$/, 'an availability zone such as EB-A');
export const diskSize = (min: number, max: number) => z.number().int().min(min).max(max);

/** The common representation of a managed resource. ITCare never returns passwords. */
export const managedModel = {
  id: z.coerce.number().int(),
  name: z.string(),
  status: z.string(),
  serviceId: z.coerce.number().int(),
  productCode: z.string().nullish(),
  networkId: z.coerce.number().int().nullish(),
  region: z.string().nullish(),
  area: z.string().nullish(),
  az: z.string().nullish(),
  environment: z.string().nullish(),
  creationUser: z.string().nullish(),
  creationTime: itcareDate.nullish(),
};

/** The common representation of the services that run on sized nodes with a data disk. */
export const sizedModel = {
  ...managedModel,
  nodeSizing: z.string().nullish(),
  diskSize: z.number().nullish(),
};

/** List filters the managed resources share (INFERRED: modelled on /compute/instances). */
export const managedQuery = z.object({
  services: commaList.optional(),
  names: commaList.optional(),
  statuses: commaList.optional(),
});

const none = z.strictObject({});

/** start / stop, from the VERIFIED operation names: ACTIVE ↔ INACTIVE (INFERRED statuses). */
export const powerOperations = {
  stop: { options: none, from: ['ACTIVE'], to: 'INACTIVE', doc: 'powerState: stopped' },
  start: { options: none, from: ['INACTIVE'], to: 'ACTIVE', doc: 'powerState: running' },
} satisfies Record<string, OperationSpec>;

export const power: PowerSpec = {
  field: 'powerState',
  running: { operation: 'start', status: 'ACTIVE' },
  stopped: { operation: 'stop', status: 'INACTIVE' },
};

export const managedStatuses = { creating: 'CREATING', created: 'ACTIVE', deleting: 'DELETING', failed: 'ERROR' };

/** INFERRED: like instances, a managed resource is deleted once stopped (or failed). */
export const managedDeletableFrom = ['INACTIVE', 'ERROR'];

/** Placement of a managed create body, all optional (defaulting like instances), and the change reference. */
export const zonePlacement = { area: area.optional(), az: availabilityZone.optional(), changeReference: z.string().optional() };
export const placementFields = { region: region.optional(), ...zonePlacement };
/** The placement fields a change of which replaces the resource. */
export const placementKeys = ['region', 'area', 'az'] as const;

/**
 * What every managed descriptor declares the same way: the list filters, the change reference sent
 * once, start/stop, deletion once stopped (or failed), names unique per service, the statuses.
 */
const managedTail = {
  listQuery: managedQuery,
  sentOnly: ['changeReference'],
  power,
  deletableFrom: managedDeletableFrom,
  uniqueName: true,
  statuses: managedStatuses,
} as const;

type Tail = keyof typeof managedTail;

/**
 * A managed service's descriptor: its own fields, and managedTail for the rest. Its create schema
 * must hold `changeReference` (placementFields or zonePlacement bring it).
 */
export function defineManaged<
  C extends z.ZodObject,
  M extends z.ZodObject,
  Ops extends Record<string, OperationSpec>,
  const K extends string,
  const Mo extends string,
  const P extends string,
>(
  d: Omit<ResourceDescriptor<C, M, typeof managedQuery, Ops, never, K, Mo, P>, Tail>,
): ResourceDescriptor<C, M, typeof managedQuery, Ops, never, K, Mo, P> {
  return defineResource({ ...managedTail, ...d } as ResourceDescriptor<C, M, typeof managedQuery, Ops, never, K, Mo, P>);
}

/** resize{sizing} of a database: the new nodeSizing. */
export const resizeSizing = {
  options: z.strictObject({ sizing: nodeSizing }),
  from: ['ACTIVE', 'INACTIVE'],
  sets: { sizing: 'nodeSizing' },
  optionsFrom: (desired: Record<string, unknown>) => ({ sizing: desired.nodeSizing }),
  doc: 'nodeSizing changes in place',
} satisfies OperationSpec;
