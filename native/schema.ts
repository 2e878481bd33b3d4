/**
 * The Pulumi package schema of the native `itcare` provider, rendered from the descriptors of
 * sdk/resources/ when the plugin starts (native/main.ts; `pulumi package get-schema` prints it, Pulumi
 * YAML types programs against it), with the rule and change text of docs/reference.md per field.
 * Rendered, not kept in a file: it cannot go stale, and a descriptor change is not a 100 KB diff.
 */
import { z } from 'zod';
import { ProviderInputs } from '../provider/inputs';
import { ResourceKind } from '../provider/resourceKind';
import { onChange, rule } from '../sdk/resources/fieldDocs';
import { type AnyResourceDescriptor, catalog } from '../sdk/resources';
import { InstanceCriteria, NetworkCriteria, ProductCriteria, ServiceCriteria } from '../sdk/lookups';
import { Instance, Network, Product, Service } from '../sdk/resources';
import { FUNCTIONS, PACKAGE, tokenOf } from './tokens';

type Json = {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: Json[];
  items?: Json;
  additionalProperties?: Json | boolean;
  properties?: Record<string, Json>;
};
type Spec = Record<string, unknown>;
/** Named types (enums, objects) collected while properties are converted. */
type Types = Record<string, Spec>;

const nonNull = (js: Json[]) => js.filter((j) => j.type !== 'null');

/** One JSON schema (zod's) as a Pulumi type spec; enums and objects become named types under `token`. */
function typeSpec(j: Json, token: string, types: Types): Spec {
  if (j.anyOf) {
    const alts = nonNull(j.anyOf);
    if (alts.length === 1) return typeSpec(alts[0], token, types);
    return { type: 'string', oneOf: alts.map((a, i) => typeSpec(a, `${token}${i}`, types)) };
  }
  const type = Array.isArray(j.type) ? j.type.find((t) => t !== 'null') : j.type;
  if (j.enum?.every((v) => typeof v === 'string')) {
    types[token] ??= { type: 'string', enum: j.enum.map((value) => ({ value })) };
    return { $ref: `#/types/${token}` };
  }
  if (type === 'array') return { type: 'array', items: typeSpec(j.items ?? {}, token, types) };
  if (type === 'object' && j.properties) {
    types[token] ??= {
      type: 'object',
      properties: Object.fromEntries(Object.entries(j.properties).map(([k, p]) => [k, typeSpec(p, `${token}${cap(k)}`, types)])),
    };
    return { $ref: `#/types/${token}` };
  }
  if (type === 'object')
    return {
      type: 'object',
      additionalProperties: typeSpec(typeof j.additionalProperties === 'object' ? j.additionalProperties : {}, token, types),
    };
  if (type === 'string' || type === 'integer' || type === 'number' || type === 'boolean') return { type };
  return { $ref: 'pulumi.json#/Any' };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const json = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;

/** Inputs a program sets: the create body, powerState, the provider inputs (never the `__` ones the dynamic classes set). */
function inputsOf(d: AnyResourceDescriptor, types: Types): { props: Record<string, Spec>; required: string[] } {
  const shape = ResourceKind.of(d).inputSchema().shape as Record<string, z.ZodType>;
  const props: Record<string, Spec> = {};
  const required: string[] = [];
  for (const [field, schema] of Object.entries(shape)) {
    if (field.startsWith('__')) continue;
    const provider = field in ProviderInputs.shape && !(field in d.create.shape);
    const change =
      field === d.power?.field
        ? `in place: \`${d.power.running.operation}\` / \`${d.power.stopped.operation}\``
        : provider
          ? 'state only'
          : onChange(d, field);
    const named = provider ? 'index' : d.module;
    const spec: Spec = {
      ...typeSpec(json(schema, 'input'), `${PACKAGE}:${named}:${provider ? '' : d.kind}${cap(field)}`, types),
      description: `${rule(schema).replace(/\\\|/g, '|')}. A change: ${change}.`,
    };
    if (d.secrets?.includes(field)) spec.secret = true;
    props[field] = spec;
    // A `name` defaults to the resource's Pulumi name (as in the TypeScript classes).
    if (!schema.safeParse(undefined).success && field !== 'name') required.push(field);
  }
  return { props, required };
}

function resource(d: AnyResourceDescriptor, types: Types): Spec {
  const { props: inputProperties, required: requiredInputs } = inputsOf(d, types);
  const properties: Record<string, Spec> = { ...inputProperties };
  const model = json(d.model, 'output');
  for (const [field, j] of Object.entries(model.properties ?? {})) {
    if (field === 'id' || field in properties) continue;
    properties[field] = {
      ...typeSpec(j, `${PACKAGE}:${d.module}:${d.kind}${cap(field)}`, types),
      description: "ITCare's view (read back after every change and on refresh).",
    };
  }
  properties.resourceId = {
    type: d.id ? 'string' : 'integer',
    description: d.id ? `ITCare's id: ${d.id.allowed}.` : "ITCare's id (an int64).",
  };
  const uniq = d.uniqueName ? ' Names are unique per service: a replace deletes before it creates.' : '';
  return {
    description: `${d.doc ?? d.kind} API path \`${d.path}\`.${uniq}`,
    inputProperties,
    requiredInputs,
    properties,
    required: ['resourceId'],
  };
}

/** The lookups as functions: criteria in, ITCare's answer out (a list under `items`). */
function functions(types: Types): Record<string, Spec> {
  const criteria = {
    getService: ServiceCriteria,
    getNetwork: NetworkCriteria,
    getInstance: InstanceCriteria,
    getProducts: ProductCriteria,
  };
  const results = { getService: Service, getNetwork: Network, getInstance: Instance, getProducts: z.object({ items: z.array(Product) }) };
  const out: Record<string, Spec> = {};
  for (const [name, { token, doc }] of Object.entries(FUNCTIONS)) {
    const fn = name as keyof typeof criteria;
    const objectOf = (j: Json, prefix: string) => ({
      type: 'object',
      properties: Object.fromEntries(Object.entries(j.properties ?? {}).map(([k, p]) => [k, typeSpec(p, `${prefix}${cap(k)}`, types)])),
    });
    const [pkg, mod] = token.split(':');
    out[token] = {
      description: doc,
      inputs: objectOf(json(criteria[fn], 'input'), `${pkg}:${mod}:${cap(fn)}Args`),
      outputs: objectOf(json(results[fn], 'output'), `${pkg}:${mod}:${cap(fn)}Result`),
    };
  }
  return out;
}

/** The provider's own configuration: `itcare:url` etc., also the inputs of an explicit `pulumi:providers:itcare`. */
const CONFIG: Record<string, Spec> = {
  url: { type: 'string', description: 'ITCare API base URL (default: the public ITCare API). Env ITCARE_URL.' },
  oidcIssuer: { type: 'string', description: 'OIDC issuer of the client credentials. Env ITCARE_OIDC_ISSUER.' },
  clientId: { type: 'string', description: 'OIDC client id. Env ITCARE_CLIENT_ID.' },
  clientSecret: { type: 'string', secret: true, description: 'OIDC client secret (a secret). Env ITCARE_CLIENT_SECRET.' },
  timeout: { type: 'string', description: 'Per-request timeout, e.g. "30s". Env ITCARE_TIMEOUT.' },
  serverValidation: { type: 'string', description: '"false" turns off the dry-run validation of preview.' },
  actionDurations: { type: 'string', description: 'Where adaptive action waits keep what they learn (a path), or "off".' },
};

export function renderSchema(): string {
  const types: Types = {};
  const resources = Object.fromEntries(
    Object.entries(catalog).map(([key, d]) => [tokenOf(key), resource(d as AnyResourceDescriptor, types)]),
  );
  const fns = functions(types);
  const schema = {
    name: PACKAGE,
    displayName: 'ITCare',
    description: 'cegedim.cloud ITCare: instances, managed databases, load balancers (the native provider of pulumi-itcare).',
    license: 'Apache-2.0',
    meta: { moduleFormat: '(.*)' },
    config: { variables: CONFIG },
    provider: { description: 'An ITCare account: its own endpoint and credentials.', inputProperties: CONFIG },
    resources,
    functions: fns,
    types: Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b))),
    language: { nodejs: { packageName: '@pulumi-itcare/native' } },
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
