import { z } from 'zod';
import { itcareDate } from '../dates';
import type { IdRule } from '../paths';
import { defineResource } from './descriptor';
import { instances } from './instance';
import { managedStatuses } from './managed';

/**
 * A snapshot of an instance (/compute/instances/{id}/snapshots: INFERRED sub-paths). VERIFIED: the
 * string ids, the create body `{description, changeReference}` answered 202, and the fields label,
 * creator, creation / recovery / expiration dates, description and size (GB). Their exact names, the
 * statuses and GET of one snapshot are INFERRED (emulator/README.md). Every input replaces it.
 */
export const SNAPSHOT_ID: IdRule = { pattern: /^\d{1,19}-snap-\d{1,19}$/, allowed: 'a snapshot id such as 123-snap-42' };

export const SnapshotCreate = z.strictObject({
  /** The instance's id: a program passes `instance.resourceId`. In the path, not the body. */
  instanceId: z.number().int().positive(),
  /** Why the snapshot is taken; the provider finds a snapshot whose create answer was lost by it. */
  description: z.string().min(1).max(255),
  changeReference: z.string().optional(),
});

export const Snapshot = z.looseObject({
  id: z.string(),
  status: z.string(),
  instanceId: z.coerce.number().int().nullish(),
  label: z.string().nullish(),
  description: z.string().nullish(),
  creator: z.string().nullish(),
  creationDate: itcareDate.nullish(),
  recoveryDate: itcareDate.nullish(),
  expirationDate: itcareDate.nullish(),
  /** GB. */
  size: z.number().nullish(),
});

export const snapshots = defineResource({
  kind: 'Snapshot',
  module: 'compute',
  path: '/compute/instances/{instanceId}/snapshots',
  parent: { field: 'instanceId', of: instances },
  id: SNAPSHOT_ID,
  nameField: 'description',
  // ITCare keeps listing a snapshot past its expiration date (INFERRED either way): it is gone for a program.
  gone: (model, now) => model.expirationDate instanceof Date && model.expirationDate.getTime() <= now.getTime(),
  resourceType: 'SNAPSHOT',
  doc: 'A snapshot of an instance; every input replaces it, an expired one leaves state on refresh. Deleted before its instance.',
  create: SnapshotCreate,
  model: Snapshot,
  listQuery: z.object({}),
  createOnly: ['instanceId', 'description'],
  sentOnly: ['changeReference'],
  operations: {},
  updatable: {},
  uniqueName: false,
  statuses: managedStatuses,
});
