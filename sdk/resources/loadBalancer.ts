import { z } from 'zod';
import { itcareDate } from '../dates';
import { commaList, defineResource } from './descriptor';
import { area, managedStatuses, networkId, region, serviceId } from './managed';

/**
 * A load balancer (/networking/loadbalancers). The create fields are VERIFIED (public API reference);
 * their value rules, the statuses, GET of one load balancer and the two in-place operations
 * (update_members, update_healthcheck) are INFERRED (emulator/README.md): where ITCare does not know
 * an operation, the provider's preview fails naming it and the inputs behind it.
 */

/** A host name: lower-case labels separated by dots. */
export const hostName = z
  .string()
  .regex(
    /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/,
    'a host name such as shop.example.com (lower-case letters, digits, hyphens and dots)',
  );

const instanceId = z.number().int().positive();

export const LoadBalancerCreate = z.strictObject({
  /** The load balancer's URL (host name): ITCare lists load balancers by it (INFERRED: their name). */
  url: hostName,
  serviceId,
  networkId,
  area,
  /** DNS domain of the URL, e.g. cegedim.cloud. */
  domain: hostName,
  /** Health check path on the members, e.g. /health (INFERRED: a path). */
  healthcheck: z.string().regex(/^\/\S*$/, 'a path such as /health'),
  persistence: z.enum(['cookie', 'hash', 'source_addr']),
  /** Port the members listen on. */
  portMembers: z.number().int().min(1).max(65535),
  profileName: z.enum(['HTTP', 'HTTPS', 'TCP']),
  redirectToHttps: z.boolean(),
  /** Instance ids behind the load balancer: a program passes `instance.resourceId` outputs. */
  members: z.array(instanceId).min(1, 'at least one instance id'),
  region: region.optional(),
  setUpDNSEnabled: z.boolean().optional(),
});

export const LoadBalancer = z.looseObject({
  id: z.coerce.number().int(),
  url: z.string(),
  status: z.string(),
  serviceId: z.coerce.number().int(),
  networkId: z.coerce.number().int().nullish(),
  region: z.string().nullish(),
  area: z.string().nullish(),
  domain: z.string().nullish(),
  healthcheck: z.string().nullish(),
  persistence: z.string().nullish(),
  portMembers: z.number().nullish(),
  profileName: z.string().nullish(),
  redirectToHttps: z.boolean().nullish(),
  members: z.array(z.coerce.number().int()).nullish(),
  setUpDNSEnabled: z.boolean().nullish(),
  /** Virtual IP address (INFERRED field name). */
  vip: z.string().nullish(),
  creationUser: z.string().nullish(),
  creationTime: itcareDate.nullish(),
});

export const loadBalancers = defineResource({
  kind: 'LoadBalancer',
  module: 'networking',
  path: '/networking/loadbalancers',
  nameField: 'url',
  resourceType: 'LOADBALANCER',
  doc: 'A load balancer in front of instances; members and healthcheck change in place (INFERRED operations), anything else replaces it.',
  create: LoadBalancerCreate,
  model: LoadBalancer,
  listQuery: z.object({ services: commaList.optional(), statuses: commaList.optional() }),
  createOnly: [
    'url',
    'serviceId',
    'networkId',
    'area',
    'domain',
    'persistence',
    'portMembers',
    'profileName',
    'redirectToHttps',
    'region',
    'setUpDNSEnabled',
  ],
  operations: {
    update_members: {
      options: z.strictObject({ members: z.array(instanceId).min(1) }),
      from: ['ACTIVE'],
      sets: ['members'],
      doc: 'members change in place (INFERRED operation)',
    },
    update_healthcheck: {
      options: z.strictObject({ healthcheck: LoadBalancerCreate.shape.healthcheck }),
      from: ['ACTIVE'],
      sets: ['healthcheck'],
      doc: 'healthcheck changes in place (INFERRED operation)',
    },
  },
  updatable: { members: 'update_members', healthcheck: 'update_healthcheck' },
  uniqueName: false,
  statuses: managedStatuses,
});
