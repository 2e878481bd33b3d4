import { catalog, type CatalogKey } from '../sdk/resources';

/**
 * Names of the native provider: the package, each catalogue resource's token
 * (`databases.PostgreSQL` → `itcare:databases:PostgreSQL`) and the lookups' function tokens. The
 * schema generator and the plugin both take them from here, so they cannot disagree.
 */
export const PACKAGE = 'itcare';

export function tokenOf(key: string): string {
  const [module, kind] = key.split('.');
  return `${PACKAGE}:${module}:${kind}`;
}

const byToken = new Map<string, CatalogKey>((Object.keys(catalog) as CatalogKey[]).map((k) => [tokenOf(k), k]));

/** The catalogue key of a resource token, or undefined for a type this provider does not serve. */
export function kindOfToken(token: string): CatalogKey | undefined {
  return byToken.get(token);
}

/** The lookups (sdk/lookups.ts) as invokes: same names and criteria as the TypeScript functions. */
export const FUNCTIONS = {
  getService: { token: `${PACKAGE}:index:getService`, doc: 'The service with this key and/or exact name.' },
  getNetwork: {
    token: `${PACKAGE}:networking:getNetwork`,
    doc: 'The network with this exact name and/or id, in this service and area when given.',
  },
  getInstance: {
    token: `${PACKAGE}:compute:getInstance`,
    doc: 'The instance with this exact name in this service (e.g. one created by another stack).',
  },
  getProducts: {
    token: `${PACKAGE}:compute:getProducts`,
    doc: 'The OS products a create accepts, with the cpu / ram each accepts (`items`); none matching is an error.',
  },
} as const;
export type FunctionName = keyof typeof FUNCTIONS;

/** The lookup an invoke token names, or undefined. */
export function functionOfToken(token: string): FunctionName | undefined {
  return (Object.keys(FUNCTIONS) as FunctionName[]).find((f) => FUNCTIONS[f].token === token);
}
