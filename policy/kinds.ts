import type { z } from 'zod';
import { catalog, nameFieldOf, type AnyResourceDescriptor } from '../sdk/resources';
import type { ParentSpec } from '../sdk/resources/descriptor';

/**
 * What the policies know of a resource, all read from its descriptor (sdk/resources): which kind a
 * Pulumi type token is, and which of its create fields carry an environment, tags, a sizing, a node
 * count or a topology. A kind added to the catalogue is checked by every rule whose fields it has.
 */

export interface Kind {
  /** `module.Kind`, the catalogue key (compute.Instance), as the policy config names kinds. */
  key: string;
  d: AnyResourceDescriptor;
}

/**
 * Both token styles: the dynamic provider's `pulumi-nodejs:dynamic/<module>:<Kind>` (the resource
 * classes pass module and kind) and a native provider's `itcare:<module>:<Kind>`.
 */
const TOKEN = /^(?:pulumi-nodejs:dynamic\/|itcare:)([A-Za-z]+):([A-Za-z]+)$/;

const byKey = new Map<string, AnyResourceDescriptor>(Object.entries(catalog));

/** The catalogue kind of a Pulumi type token, or undefined for anything that is not ITCare's. */
export function kindOf(type: string): Kind | undefined {
  const m = TOKEN.exec(type);
  if (!m) return undefined;
  const key = `${m[1]}.${m[2]}`;
  const d = byKey.get(key);
  return d ? { key, d } : undefined;
}

/** Every catalogue key: what the config's per-kind maps may name. */
export const kindKeys: readonly string[] = [...byKey.keys()];

function shapeOf(d: AnyResourceDescriptor): Record<string, z.ZodType> {
  return d.create.shape as Record<string, z.ZodType>;
}

/** True when the kind's create body has `field`. */
export function has(d: AnyResourceDescriptor, field: string): boolean {
  return field in shapeOf(d);
}

/** The values an enum create field allows (topology: standalone | HA), or [] when it is not an enum. */
export function enumValues(d: AnyResourceDescriptor, field: string): string[] {
  let t: unknown = shapeOf(d)[field];
  // Unwrap optional(): its inner type is the enum.
  while (t && typeof t === 'object' && 'unwrap' in t && typeof (t as { unwrap: unknown }).unwrap === 'function')
    t = (t as { unwrap(): unknown }).unwrap();
  const options = (t as { options?: unknown } | undefined)?.options;
  return Array.isArray(options) ? options.map(String) : [];
}

/** The field naming the resource (name, url for a load balancer), when its create body has one. */
export function nameField(d: AnyResourceDescriptor): string | undefined {
  const f = nameFieldOf(d);
  return has(d, f) ? f : undefined;
}

/**
 * Single-node values of a topology enum. ITCare spells them per product (PostgreSQL `standalone`,
 * MariaDB `SINGLE`); every other value of the enum is a highly available one (HA, CLUSTER).
 */
// Kubernetes' STANDARD topology is its single-master one (its HA one is HIGH_AVAILABILITY).
const SINGLE_NODE = /^(standalone|single|standard)$/i;

/**
 * How a kind declares high availability, from its create fields: a topology enum (the HA values
 * are those that are not single-node), or a node count (`instanceCount`, `brokerCount`: two nodes
 * or more). Undefined for kinds with neither (an instance, a share).
 */
export interface HaSpec {
  field: string;
  /** What the message proposes. */
  fix: string;
  isHa(value: unknown): boolean;
}

export function haSpecOf(d: AnyResourceDescriptor): HaSpec | undefined {
  const topology = enumValues(d, 'topology');
  const ha = topology.filter((v) => !SINGLE_NODE.test(v));
  if (topology.length && ha.length) {
    return {
      field: 'topology',
      fix: `set topology to ${ha.map((v) => `"${v}"`).join(' or ')}`,
      isHa: (v) => typeof v === 'string' && ha.includes(v),
    };
  }
  const count = Object.keys(shapeOf(d)).find((f) => /^(instance|broker|node)Count$/.test(f));
  if (count) return { field: count, fix: `set ${count} to 2 or more (3 for a quorum)`, isHa: (v) => typeof v === 'number' && v >= 2 };
  return undefined;
}

/** Sizing a rule can cap: cpu and ram (GB) from their own fields or from a nodeSizing such as 4cpu16gb. */
export interface Sizing {
  cpu?: { value: number; field: string };
  ram?: { value: number; field: string };
  diskSize?: { value: number; field: string };
}

/** Reads only the fields the kind has: an unknown field would make a preview-time policy give up. */
export function sizingOf(d: AnyResourceDescriptor, props: Record<string, unknown>): Sizing {
  const out: Sizing = {};
  const num = (f: string) => (has(d, f) && typeof props[f] === 'number' ? (props[f] as number) : undefined);
  const cpu = num('cpu');
  const ram = num('ram');
  if (cpu !== undefined) out.cpu = { value: cpu, field: 'cpu' };
  if (ram !== undefined) out.ram = { value: ram, field: 'ram' };
  if (has(d, 'nodeSizing') && typeof props.nodeSizing === 'string') {
    const m = /^(\d+)cpu(\d+)gb$/.exec(props.nodeSizing);
    if (m) {
      out.cpu = { value: Number(m[1]), field: 'nodeSizing' };
      out.ram = { value: Number(m[2]), field: 'nodeSizing' };
    }
  }
  const disk = num('diskSize');
  if (disk !== undefined) out.diskSize = { value: disk, field: 'diskSize' };
  return out;
}

/**
 * Stateful kinds, whose loss is data loss: the kinds of the databases, messaging and storage modules
 * (PostgreSQL … Kafka, Overdrive). Read from the descriptor's module, so that a new database kind is
 * stateful by being declared in `databases`.
 */
const STATEFUL_MODULES = new Set(['databases', 'messaging', 'storage']);
export function isStateful(d: AnyResourceDescriptor): boolean {
  return STATEFUL_MODULES.has(d.module);
}

/**
 * What a snapshot kind is a snapshot of: its descriptor's parent (a Snapshot's `instanceId`, of
 * Instance), for the kinds ITCare types SNAPSHOT. A resource a snapshot is kept of holds data worth
 * keeping, whatever its own kind; other children (a load balancer's URL) say nothing of the kind.
 */
export function snapshotOf(d: AnyResourceDescriptor): ParentSpec | undefined {
  return d.resourceType === 'SNAPSHOT' ? d.parent : undefined;
}
