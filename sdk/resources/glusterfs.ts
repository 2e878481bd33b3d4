import { z } from 'zod';
import { area, availabilityZone, defineManaged, diskSize, managedModel, networkId, powerOperations, serviceId } from './managed';

/**
 * A GlusterFS volume (/storage/glusterfs). VERIFIED (public reference): the path, list filters as the
 * other services, and a create that needs `area` and `az`, `productCode` and `platform`, `name`.
 * INFERRED (emulator/README.md): serviceId and networkId as the other services, the name rule,
 * `diskSize` (the volume in GB, 100–10240), the platform values, start/stop, the statuses.
 */
export const GlusterFSCreate = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{2,39}$/, 'lower-case letters, digits and "-", 3 to 40 characters, starting with a letter'),
  serviceId,
  networkId,
  /** e.g. glusterfs11, from ITCare's catalogue. */
  productCode: z.string().min(1),
  /** The platform the volume's servers run on, from ITCare's catalogue (INFERRED values, e.g. vm). */
  platform: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a platform code such as vm'),
  area,
  az: availabilityZone,
  diskSize: diskSize(100, 10240),
  changeReference: z.string().optional(),
});

export const GlusterFS = z.looseObject({
  ...managedModel,
  platform: z.string().nullish(),
  diskSize: z.number().nullish(),
  /** host:/volume to mount (INFERRED field). */
  mountPoint: z.string().nullish(),
});

export const glusterfs = defineManaged({
  kind: 'GlusterFS',
  module: 'storage',
  path: '/storage/glusterfs',
  resourceType: 'GLUSTERFS',
  doc: 'A GlusterFS volume in one availability zone; only the power state changes in place (INFERRED operations).',
  create: GlusterFSCreate,
  model: GlusterFS,
  createOnly: ['name', 'serviceId', 'networkId', 'productCode', 'platform', 'area', 'az', 'diskSize'],
  operations: { ...powerOperations },
  updatable: {},
});
