/**
 * pulumi-itcare/fleet: ITCare resources declared in a reviewed YAML file (FLEET.md, version 1),
 * checked completely before Pulumi declares anything.
 *
 *   import { declareFleet } from 'pulumi-itcare/fleet';
 *   export const fleet = declareFleet(new pulumi.Config().require('fleet')).summary;
 *
 * `parseFleet` / `loadFleet` check a file without Pulumi (an importer validating what it wrote, a
 * CI step before `pulumi preview`); `declareFleet` runs inside a Pulumi program.
 */
export { parseFleet, loadFleet, type Fleet, type LoadOptions } from './load';
export { declareFleet, stackSecrets, type DeclaredFleet } from './declare';
export { FleetError, formatProblem, type FleetProblem } from './problems';
export { FLEET_VERSION, merge, type FleetEntry } from './entries';
export type { SecretLookup } from './check';
