import type { ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from '@pulumi/policy';
import type { PolicyConfigJSONSchema } from '@pulumi/policy/schema';
import { environmentOf } from './environment';
import { has, kindKeys, kindOf, nameField, type Kind } from './kinds';

/**
 * Conventions of an estate: names, placement, URL monitoring, and how many resources of a kind a
 * stack may hold. Per-kind config keys are catalogue keys (compute.Instance, databases.PostgreSQL).
 */

type Props = Record<string, unknown>;
const label = (k: Kind, args: { name: string }) => `${k.d.kind} "${args.name}"`;
const kindMap = (values: PolicyConfigJSONSchema): PolicyConfigJSONSchema => ({
  type: 'object',
  propertyNames: { enum: [...kindKeys] },
  additionalProperties: values,
  default: {},
});

export const naming: ResourceValidationPolicy = {
  name: 'itcare-naming',
  description:
    'Names (the `name` of the kinds that have one) start with the prefix of their environment (per kind, or for every kind), from config.',
  enforcementLevel: 'advisory',
  configSchema: {
    properties: {
      prefixes: { type: 'object', additionalProperties: { type: 'string' }, default: {} },
      kinds: kindMap({ type: 'object', additionalProperties: { type: 'string' } }),
    },
  },
  validateResource: (args: ResourceValidationArgs, report) => {
    const k = kindOf(args.type);
    // Only kinds named by a `name`: a snapshot's name field is its description and a URL's is the URL
    // itself (https://…), which no environment prefix governs.
    const field = k && nameField(k.d) === 'name' ? 'name' : undefined;
    if (!k || !field) return;
    const props = args.props as Props;
    const env = environmentOf(k.d, props);
    const config = args.getConfig<{ prefixes: Record<string, string>; kinds: Record<string, Record<string, string>> }>();
    if (env === undefined) return;
    const ofKind = config.kinds[k.key]?.[env];
    const prefix = ofKind ?? config.prefixes[env];
    const name = props[field];
    if (prefix && typeof name === 'string' && !name.startsWith(prefix)) {
      report(
        `${label(k, args)} ${field}: "${name}" does not start with "${prefix}", the ${env} prefix${ofKind ? ` of ${k.key}` : ''}; rename it ${prefix}….`,
      );
    }
  },
};

export const placement: ResourceValidationPolicy = {
  name: 'itcare-placement',
  description: 'Resources are placed in allowed regions and areas only (empty lists: any).',
  enforcementLevel: 'mandatory',
  configSchema: {
    properties: {
      regions: { type: 'array', items: { type: 'string' }, default: [] },
      areas: { type: 'array', items: { type: 'string' }, default: [] },
    },
  },
  validateResource: (args, report) => {
    const k = kindOf(args.type);
    if (!k) return;
    const config = args.getConfig<{ regions: string[]; areas: string[] }>();
    const props = args.props as Props;
    for (const [field, allowed] of [
      ['region', config.regions],
      ['area', config.areas],
    ] as const) {
      if (!allowed.length || !has(k.d, field) || typeof props[field] !== 'string') continue;
      if (!allowed.includes(props[field] as string))
        report(`${label(k, args)} ${field}: "${String(props[field])}" is not allowed; use one of ${allowed.join(', ')}.`);
    }
  },
};

export const urlMonitoring: ResourceValidationPolicy = {
  name: 'itcare-url-monitoring',
  description: 'Load balancer URLs in PRODUCTION have monitoring on.',
  enforcementLevel: 'mandatory',
  configSchema: { properties: { environments: { type: 'array', items: { type: 'string' }, default: ['PRODUCTION'] } } },
  validateResource: (args, report) => {
    const k = kindOf(args.type);
    if (!k || !has(k.d, 'monitoringEnabled') || !k.d.parent) return;
    const props = args.props as Props;
    const env = environmentOf(k.d, props);
    if (!env || !args.getConfig<{ environments: string[] }>().environments.includes(env) || props.monitoringEnabled === true) return;
    report(`${label(k, args)} monitoringEnabled: monitoring is off for a ${env} URL; set monitoringEnabled: true.`);
  },
};

export const maxPerKind: StackValidationPolicy = {
  name: 'itcare-max-per-kind',
  description: 'At most N resources of a kind per stack (config: max per catalogue key).',
  enforcementLevel: 'mandatory',
  configSchema: { properties: { max: kindMap({ type: 'integer', minimum: 0 }) } },
  validateStack: (args, report) => {
    const max = args.getConfig<{ max: Record<string, number> }>().max;
    const count = new Map<string, number>();
    for (const r of args.resources) {
      const k = kindOf(r.type);
      if (k) count.set(k.key, (count.get(k.key) ?? 0) + 1);
    }
    for (const [key, n] of count) {
      if (max[key] !== undefined && n > max[key])
        report(
          `${n} ${key} resources in this stack, more than the ${max[key]} allowed (itcare-max-per-kind max.${key}); remove ${n - max[key]}.`,
        );
    }
  },
};
