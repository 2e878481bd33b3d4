import type { PolicyConfigSchema } from '@pulumi/policy';
import type { PolicyConfigJSONSchema } from '@pulumi/policy/schema';
import type { AnyResourceDescriptor } from '../sdk/resources';
import { has } from './kinds';

/**
 * The ITCare environment (PRODUCTION, DEVELOPMENT, …) of a resource, which most rules depend on.
 * Only some kinds declare it in their create body (an instance's `environment`); the others take
 * their service's. The policy cannot ask ITCare (it runs offline, in every preview), so the pack's
 * config says which service is which environment: policy `itcare-environments`, e.g.
 * `{ "services": { "1001": "PRODUCTION" }, "default": "DEVELOPMENT" }`.
 */
export interface EnvironmentConfig {
  /** serviceId → environment. */
  services: Record<string, string>;
  /** For a resource whose environment nothing else gives (ITCare's own default is DEVELOPMENT). */
  default?: string;
}

export const environmentSchema: PolicyConfigSchema = {
  properties: {
    services: { type: 'object', additionalProperties: { type: 'string', pattern: '^[A-Z_]+$' }, default: {} },
    default: { type: 'string', pattern: '^[A-Z_]+$' },
  },
};

/** The `environments` config of the rules that apply in some environments only (PRODUCTION by default). */
export const envList: PolicyConfigJSONSchema = { type: 'array', items: { type: 'string' }, default: ['PRODUCTION'] };

/**
 * @pulumi/policy gives each policy its own config only. Every rule needs this one, so the policy
 * that owns it (first in the pack, so run first for every resource) records it here when it runs.
 */
let current: EnvironmentConfig = { services: {} };

export function recordEnvironments(config: Partial<EnvironmentConfig>): void {
  current = { services: config.services ?? {}, default: config.default };
}

/**
 * The resource's environment: its own `environment` input where its kind has one, else its service's
 * (from the config), else the config's default; undefined when none applies (rules for an
 * environment then skip the resource). Reads serviceId only when the kind has it: reading an unknown
 * value at preview would make @pulumi/policy give up on the whole policy.
 */
export function environmentOf(d: AnyResourceDescriptor, props: Record<string, unknown>): string | undefined {
  if (has(d, 'environment') && typeof props.environment === 'string') return props.environment;
  if (has(d, 'serviceId') && props.serviceId !== undefined) {
    const byService = current.services[String(props.serviceId)];
    if (byService) return byService;
  }
  return current.default;
}

/** Where a resource's environment came from, for messages (a PostgreSQL's is its service's). */
export function environmentSource(d: AnyResourceDescriptor, props: Record<string, unknown>): string {
  if (has(d, 'environment') && typeof props.environment === 'string') return 'its environment input';
  if (has(d, 'serviceId') && current.services[String(props.serviceId)]) return `service ${String(props.serviceId)} in itcare-environments`;
  return 'the default of itcare-environments';
}
