import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from '@pulumi/policy';
import type { PolicyConfigJSONSchema } from '@pulumi/policy/schema';
import { OWNER_TAG } from '../provider/owner';
import { envList, environmentOf, environmentSchema, environmentSource, recordEnvironments, type EnvironmentConfig } from './environment';
import { has, haSpecOf, isStateful, kindOf, sizingOf, type Kind } from './kinds';

/**
 * The pack's resource rules. Each reads only the create fields its kind declares (kinds.ts), and each
 * message names the resource, the property and the fix. Config defaults are in each configSchema:
 * the CLI merges a `--policy-pack-config` file over them and validates it before the preview.
 */

type Props = Record<string, unknown>;
type Check<C> = (k: Kind, props: Props, args: ResourceValidationArgs, config: C, report: ReportViolation) => void;

/** A rule over ITCare resources only (both token styles), with its config. */
function rule<C extends object>(p: Omit<ResourceValidationPolicy, 'validateResource'>, check: Check<C>): ResourceValidationPolicy {
  return {
    ...p,
    validateResource: (args, report) => {
      const k = kindOf(args.type);
      if (k) check(k, args.props as Props, args, args.getConfig<C>(), report);
    },
  };
}

const label = (k: Kind, args: ResourceValidationArgs) => `${k.d.kind} "${args.name}"`;

export const environments: ResourceValidationPolicy = {
  name: 'itcare-environments',
  description: 'Says which ITCare environment each service is (config only: the other rules read it); reports nothing.',
  enforcementLevel: 'advisory',
  configSchema: environmentSchema,
  validateResource: (args) => recordEnvironments(args.getConfig<EnvironmentConfig>()),
};

export const productionHa = rule<{ environments: string[] }>(
  {
    name: 'itcare-production-ha',
    description: 'Databases, Kafka and OpenSearch in PRODUCTION run in a highly available topology.',
    enforcementLevel: 'mandatory',
    configSchema: { properties: { environments: envList } },
  },
  (k, props, args, config, report) => {
    const ha = haSpecOf(k.d);
    const env = ha && environmentOf(k.d, props);
    if (!ha || !env || !config.environments.includes(env)) return;
    const value = props[ha.field];
    if (!ha.isHa(value)) {
      report(
        `${label(k, args)} ${ha.field}: ${JSON.stringify(value ?? null)} is not highly available in ${env} (${environmentSource(k.d, props)}); ${ha.fix}.`,
      );
    }
  },
);

export const productionProtect = rule<{ environments: string[] }>(
  {
    name: 'itcare-production-protect',
    // Also the pack's guard against replacing a PRODUCTION database: analyzers are not told what a plan
    // does to a resource, the engine refuses to replace or delete a protected one (docs/policy.md).
    description:
      'Stateful resources (databases, Kafka, Overdrive) in PRODUCTION have the protect resource option, so that no plan replaces or deletes them.',
    enforcementLevel: 'mandatory',
    configSchema: { properties: { environments: envList } },
  },
  (k, props, args, config, report) => {
    const env = isStateful(k.d) ? environmentOf(k.d, props) : undefined;
    if (!env || !config.environments.includes(env) || args.opts.protect) return;
    const createOnly = k.d.createOnly.length ? ` (a change of ${k.d.createOnly.join(', ')} replaces it)` : '';
    report(
      `${label(k, args)} protect: a stateful ${env} resource must be protected, or a plan may replace or delete it and its data with it${createOnly}; add the resource option \`protect: true\` and change create-only inputs only by migrating the data to a new resource.`,
    );
  },
);

export const productionPower = rule<{ environments: string[]; reasonTags: string[] }>(
  {
    name: 'itcare-production-power',
    description: 'PRODUCTION resources are never declared powerState: stopped, unless a reason tag says why.',
    enforcementLevel: 'mandatory',
    configSchema: {
      properties: { environments: envList, reasonTags: { type: 'array', items: { type: 'string' }, default: ['stopped-reason'] } },
    },
  },
  (k, props, args, config, report) => {
    if (!k.d.power || props[k.d.power.field] !== 'stopped') return;
    const env = environmentOf(k.d, props);
    if (!env || !config.environments.includes(env)) return;
    const tags = has(k.d, 'tags') ? ((props.tags ?? {}) as Record<string, string>) : {};
    if (config.reasonTags.some((t) => typeof tags[t] === 'string' && tags[t].trim() !== '')) return;
    const why = has(k.d, 'tags') && config.reasonTags.length ? `, or give the reason in a tag (${config.reasonTags.join(', ')})` : '';
    report(`${label(k, args)} ${k.d.power.field}: "stopped" is not allowed in ${env}; set it to "running"${why}.`);
  },
);

const UNITS = { cpu: 'vCPU', ram: 'GB of memory', diskSize: 'GB of disk' };
interface Cap {
  cpu?: number;
  ram?: number;
  diskSize?: number;
}
const capSchema: PolicyConfigJSONSchema = {
  type: 'object',
  properties: { cpu: { type: 'number' }, ram: { type: 'number' }, diskSize: { type: 'number' } },
  additionalProperties: false,
};

export const sizingCaps = rule<{ caps: Record<string, Cap> }>(
  {
    name: 'itcare-sizing-caps',
    description: 'Per environment caps on vCPU, memory (GB) and disk (GB), from the sizing fields (cpu, ram, nodeSizing, diskSize).',
    enforcementLevel: 'mandatory',
    configSchema: {
      properties: {
        caps: { type: 'object', additionalProperties: capSchema, default: { DEVELOPMENT: { cpu: 4, ram: 16, diskSize: 500 } } },
      },
    },
  },
  (k, props, args, config, report) => {
    const env = environmentOf(k.d, props);
    const cap = env ? config.caps[env] : undefined;
    if (!cap) return;
    const sizing = sizingOf(k.d, props);
    for (const dim of ['cpu', 'ram', 'diskSize'] as const) {
      const have = sizing[dim];
      const max = cap[dim];
      if (have && max !== undefined && have.value > max) {
        report(
          `${label(k, args)} ${have.field}: ${have.value} ${UNITS[dim]} exceeds the ${env} cap of ${max}; size it down (the cap is itcare-sizing-caps caps.${env}.${dim}).`,
        );
      }
    }
  },
);

export const requiredTags = rule<{ tags: Record<string, string> }>(
  {
    name: 'itcare-required-tags',
    description:
      "Resources that carry tags have the required ones, each matching its pattern; the provider's ownership marker never counts.",
    enforcementLevel: 'mandatory',
    configSchema: {
      properties: { tags: { type: 'object', additionalProperties: { type: 'string' }, default: { owner: '', 'cost-center': '' } } },
    },
  },
  (k, props, args, config, report) => {
    if (!has(k.d, 'tags')) return;
    const tags = (props.tags ?? {}) as Record<string, unknown>;
    const problems: string[] = [];
    for (const [tag, pattern] of Object.entries(config.tags)) {
      if (tag === OWNER_TAG) continue;
      const value = tags[tag];
      if (typeof value !== 'string' || value.trim() === '') problems.push(`${tag} is missing`);
      else if (pattern && !new RegExp(pattern).test(value)) problems.push(`${tag} "${value}" does not match /${pattern}/`);
    }
    if (problems.length) report(`${label(k, args)} tags: ${problems.join('; ')}; required tags: ${Object.keys(config.tags).join(', ')}.`);
  },
);
