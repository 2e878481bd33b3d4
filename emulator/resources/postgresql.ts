import { postgresql } from '../../sdk/resources';
import type { ResourceBehaviour } from '../routes';
import { checkSizingOption, managedBase, managedFilters, nodeNames } from './managed';

/**
 * PostgreSQL: the managed checks, the version from the product (deb12pg16 → 16), the endpoint, and
 * enable_ha turning a standalone database into an HA cluster. Topology defaults to standalone (INFERRED).
 */
export const postgresqlBehaviour: ResourceBehaviour<typeof postgresql> = {
  descriptor: postgresql,
  filters: managedFilters,
  buildModel(body, _collection, submittedBy) {
    const base = managedBase(postgresql, body, submittedBy);
    const topology = (body.topology as string | undefined) ?? 'standalone';
    return {
      ...base,
      topology,
      tls: body.tls ?? false,
      version: /pg(\d+)$/.exec(String(body.productCode))?.[1] ?? null,
      endpoint: `${String(body.name)}.pg.${String(base.area).toLowerCase()}.cegedim.cloud:5432`,
      nodes: topology === 'HA' ? nodeNames(String(body.nodePrefix), 1, 2) : [String(body.name)],
    };
  },
  checkOperation(_item, operation, options) {
    if (operation === 'resize') checkSizingOption(operation, options);
  },
  applyOperation(item, operation, options) {
    if (operation === 'enable_ha') {
      item.topology = 'HA';
      item.nodes = nodeNames(String(options.nodePrefix), 1, 2);
    }
  },
};
