import { z } from 'zod';
import { defineManaged, managedModel, password, powerOperations, region, serviceId } from './managed';

/**
 * Overdrive file share (storage). The create body and start/stop are VERIFIED; the name rule, the
 * statuses and the representation are INFERRED (emulator/README.md).
 */
export const OverdriveCreate = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{2,39}$/, 'lower-case letters, digits and "-", 3 to 40 characters, starting with a letter'),
  serviceId,
  region,
  sizing: z.enum(['XS', 'S', 'M', 'L', 'XL']),
  password,
  /** Site URI of the drive. */
  driveSiteUri: z.string().regex(/^https:\/\/[^\s/]+(\/\S*)?$/, 'an https:// URI'),
  changeReference: z.string().optional(),
});

export const Overdrive = z.looseObject({
  ...managedModel,
  sizing: z.string().nullish(),
  driveSiteUri: z.string().nullish(),
  quotaGb: z.number().nullish(),
});

export const overdrive = defineManaged({
  kind: 'Overdrive',
  module: 'storage',
  path: '/storage/overdrive',
  resourceType: 'OVERDRIVE',
  doc: 'An Overdrive file share; only the power state changes in place.',
  create: OverdriveCreate,
  model: Overdrive,
  createOnly: ['name', 'serviceId', 'region', 'sizing', 'driveSiteUri'],
  secrets: ['password'],
  operations: { ...powerOperations },
  updatable: {},
});
