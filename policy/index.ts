import type { Policies } from '@pulumi/policy';
import { maxPerKind, naming, placement, urlMonitoring } from './conventions';
import { environments, productionHa, productionPower, productionProtect, requiredTags, sizingCaps } from './rules';
import { snapshotProtect } from './snapshots';

/**
 * The ITCare policy pack's rules, in evaluation order. `itcare-environments` comes first: it records
 * the service → environment config that every later rule reads (environment.ts).
 */
export const policies: Policies = [
  environments,
  productionHa,
  productionProtect,
  productionPower,
  sizingCaps,
  requiredTags,
  naming,
  placement,
  urlMonitoring,
  maxPerKind,
  snapshotProtect,
];

export { kindOf } from './kinds';
