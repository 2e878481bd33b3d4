import { createHash } from 'node:crypto';
import * as pulumi from '@pulumi/pulumi';
import type { ITCareClient } from '../sdk/client';
import type { InstanceCriteria, NetworkCriteria, ProductCriteria, ServiceCriteria } from '../sdk/lookups';
import type { z } from 'zod';
import type { Instance, Network, Product, Service } from '../sdk/resources';
import { type ConfigSource, clientFrom, settingFrom } from './settings';

/**
 * Lookups for Pulumi programs: `itcare.getService`, `itcare.networking.getNetwork`,
 * `itcare.compute.getInstance`, `itcare.compute.getProducts`, each a Promise and an `…Output` form
 * taking Inputs.
 *
 * Dynamic providers have no invokes, so these run in the program process itself, not in the provider:
 * they read the same `itcare:*` stack config (ITCARE_* variables as a fallback) through the program's
 * own config, and call ITCare with the SDK (sdk/lookups.ts checks every answer). They run at preview
 * too (reads only). The results are plain values (dates as ISO strings): no client, token or secret
 * is ever in them, so nothing of the sort can reach state through a result.
 */

/** The stack's config as the program sees it (secrets decrypted, in this process's memory only). */
const programConfig: ConfigSource = {
  get(key) {
    const at = key.indexOf(':');
    return new pulumi.Config(key.slice(0, at)).get(key.slice(at + 1));
  },
};

const SETTINGS = ['url', 'issuer', 'clientId', 'clientSecret', 'timeout'] as const;
let cached: { key: string; client: ITCareClient } | undefined;

/**
 * One client per program run and settings (its token serves every lookup). Keyed by a hash of the
 * settings: config is read at each call (the Automation API may run a program twice in one process),
 * and the key itself holds no secret.
 */
function programClient(): ITCareClient {
  const key = createHash('sha256')
    .update(SETTINGS.map((s) => settingFrom(programConfig, s) ?? '').join('\0'))
    .digest('hex');
  if (cached?.key !== key) cached = { key, client: clientFrom(programConfig, 'pulumi-itcare-program') };
  return cached.client;
}

/**
 * A lookup result as a Pulumi value: Dates as ISO strings, nothing that is not data. The type keeps
 * the known fields only (extra fields ITCare sends are there at run time): an index signature would
 * make every lifted property of an Output `unknown`.
 */
export type Plain<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Plain<U>[]
    : T extends object
      ? { [K in keyof T as string extends K ? never : K]: Plain<T[K]> }
      : T;
const plain = <T>(value: T): Plain<T> => JSON.parse(JSON.stringify(value)) as Plain<T>;

/** Arguments of an `…Output` form: each criterion may be an Output (e.g. another lookup's id). */
export type LookupInputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

export type ServiceResult = Plain<Service>;
export type NetworkResult = Plain<Network>;
export type InstanceResult = Plain<z.output<typeof Instance>>;
export type ProductResult = Plain<Product>;

/** The service with this key and/or exact name. */
export async function getService(args: ServiceCriteria): Promise<ServiceResult> {
  return plain(await programClient().lookups.getService(args));
}
export function getServiceOutput(args: LookupInputs<ServiceCriteria>): pulumi.Output<ServiceResult> {
  return pulumi.output(args).apply((a) => getService(a as ServiceCriteria));
}

/** The network with this exact name and/or id, in this service and area when given. */
export async function getNetwork(args: NetworkCriteria): Promise<NetworkResult> {
  return plain(await programClient().lookups.getNetwork(args));
}
export function getNetworkOutput(args: LookupInputs<NetworkCriteria>): pulumi.Output<NetworkResult> {
  return pulumi.output(args).apply((a) => getNetwork(a as NetworkCriteria));
}

/** The instance with this exact name in this service (e.g. one created by another stack). */
export async function getInstance(args: InstanceCriteria): Promise<InstanceResult> {
  return plain(await programClient().lookups.getInstance(args));
}
export function getInstanceOutput(args: LookupInputs<InstanceCriteria>): pulumi.Output<InstanceResult> {
  return pulumi.output(args).apply((a) => getInstance(a as InstanceCriteria));
}

/** The OS products a create accepts, with the cpu / ram each accepts; none matching is an error. */
export async function getProducts(args: ProductCriteria = {}): Promise<ProductResult[]> {
  return plain(await programClient().lookups.getProducts(args));
}
export function getProductsOutput(args: LookupInputs<ProductCriteria> = {}): pulumi.Output<ProductResult[]> {
  return pulumi.output(args).apply((a) => getProducts(a as ProductCriteria));
}
