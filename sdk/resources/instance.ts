import { z } from 'zod';
import { itcareDate } from '../dates';
import { commaList, defineResource } from './descriptor';

/**
 * Compute instance. Paths and the list filters are VERIFIED; the create body and the resize options
 * are INFERRED (the public spec does not show them): see emulator/README.md.
 */
const hostname = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,13}[a-z0-9]$/, 'lower-case letters, digits and "-", 3 to 15 characters, starting with a letter');

export const InstanceCreate = z.strictObject({
  name: hostname,
  serviceId: z.number().int().positive(),
  /** OS product from ITCare's catalogue, e.g. deb12, rhel9, win2022. */
  productCode: z.string().min(1),
  networkId: z.number().int().positive(),
  cpu: z.number().int().min(1).max(64),
  /** Memory in GB. */
  ram: z.number().int().min(1).max(512),
  /** System disk in GB. */
  diskSize: z.number().int().min(20).max(2048).optional(),
  region: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a region code such as EB or ET')
    .optional(),
  /** e.g. EB-QA; without it the region's default area is used. */
  area: z
    .string()
    .regex(/^[A-Z]{2}-[A-Z0-9]+$/, 'an area code such as EB-QA')
    .optional(),
  /** e.g. EB-A. */
  availabilityZone: z
    .string()
    .regex(/^[A-Z]{2}-[A-Z]$/, 'an availability zone such as EB-A')
    .optional(),
  environment: z
    .string()
    .regex(/^[A-Z_]+$/, 'an environment such as PRODUCTION or DEVELOPMENT')
    .optional(),
  description: z.string().max(255).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  changeReference: z.string().optional(),
});

export const Instance = z.looseObject({
  id: z.coerce.number().int(),
  name: z.string(),
  status: z.string(),
  type: z.string().nullish(),
  family: z.string().nullish(),
  serviceId: z.coerce.number().int(),
  serviceKey: z.string().nullish(),
  productCode: z.string().nullish(),
  networkId: z.coerce.number().int().nullish(),
  environment: z.string().nullish(),
  creationUser: z.string().nullish(),
  creationTime: itcareDate.nullish(),
  ipAddress: z.string().nullish(),
  cpu: z.number().nullish(),
  ram: z.number().nullish(),
  diskSize: z.number().nullish(),
  totalSizeDisks: z.number().nullish(),
  region: z.string().nullish(),
  area: z.string().nullish(),
  availabilityZone: z.string().nullish(),
  labelRegion: z.string().nullish(),
  labelArea: z.string().nullish(),
  labelAvailabilityZone: z.string().nullish(),
  description: z.string().nullish(),
  tags: z.record(z.string(), z.string()).nullish(),
});

export const InstanceQuery = z.object({
  services: commaList.optional(),
  names: commaList.optional(),
  types: commaList.optional(),
  families: commaList.optional(),
  environments: commaList.optional(),
  statuses: commaList.optional(),
  tags: commaList.optional(),
  az: commaList.optional(),
  ip: z.string().optional(),
  vlan: z.string().optional(),
});

const none = z.strictObject({});

export const instances = defineResource({
  kind: 'Instance',
  module: 'compute',
  path: '/compute/instances',
  resourceType: 'INSTANCE',
  create: InstanceCreate,
  model: Instance,
  listQuery: InstanceQuery,
  createOnly: ['name', 'serviceId', 'productCode', 'networkId', 'region', 'area', 'availabilityZone', 'diskSize', 'environment'],
  sentOnly: ['changeReference'],
  doc: 'A virtual machine; cpu and ram change in place (resize).',
  operations: {
    stop: { options: none, from: ['ACTIVE'], to: 'INACTIVE' },
    start: { options: none, from: ['INACTIVE'], to: 'ACTIVE' },
    reset: { options: none, from: ['ACTIVE'], to: 'ACTIVE' },
    resize: {
      options: z.strictObject({ cpu: InstanceCreate.shape.cpu, ram: InstanceCreate.shape.ram }),
      from: ['ACTIVE', 'INACTIVE'],
      sets: ['cpu', 'ram'],
    },
    /** INFERRED: description and tags change in place (not in the public spec; see emulator/README.md). */
    update_metadata: {
      options: z.strictObject({ description: InstanceCreate.shape.description, tags: InstanceCreate.shape.tags }),
      from: ['ACTIVE', 'INACTIVE'],
      sets: ['description', 'tags'],
    },
  },
  updatable: { cpu: 'resize', ram: 'resize', description: 'update_metadata', tags: 'update_metadata' },
  power: {
    field: 'powerState',
    running: { operation: 'start', status: 'ACTIVE' },
    stopped: { operation: 'stop', status: 'INACTIVE' },
  },
  // ERROR: a failed create leaves the instance in ERROR, and it must be deletable (INFERRED).
  deletableFrom: ['INACTIVE', 'ERROR'],
  uniqueName: true,
  statuses: { creating: 'CREATING', created: 'ACTIVE', deleting: 'DELETING', failed: 'ERROR' },
});
