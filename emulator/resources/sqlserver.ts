import { sqlserver } from '../../sdk/resources';
import { regions } from '../catalog';
import { invalidField } from '../http';
import type { ResourceBehaviour } from '../routes';
import { checkSizingOption, managedBase, managedFilters, nodeNames } from './managed';

/**
 * SQL Server: the managed checks; standalone by default; Always On puts 2 active nodes in the area's
 * region and 1 passive node in another region (the secondary site). VM names must stay within 13
 * characters (VERIFIED limit, checked again here). Products, node names and sites INFERRED (README.md).
 */
export const sqlserverProducts: Record<string, string> = {
  sqlserver2022std: 'SQL Server 2022 Standard',
  sqlserver2022ent: 'SQL Server 2022 Enterprise',
};

export const sqlserverBehaviour: ResourceBehaviour<typeof sqlserver> = {
  descriptor: sqlserver,
  filters: managedFilters,
  buildModel(body, _collection, submittedBy) {
    const base = managedBase(sqlserver, body, submittedBy, sqlserverProducts);
    const topology = body.topology ?? 'standalone';
    const nodes = nodeNames(body.name, 1, topology === 'ALWAYS_ON' ? 3 : 1);
    const long = nodes.find((n) => n.length > 13);
    if (long) throw invalidField('name', `Error on field 'name': VM name ${long} is longer than 13 characters`);
    const secondary = regions.find((r) => r.code !== base.region);
    return {
      ...base,
      topology,
      nodes,
      sites:
        topology === 'ALWAYS_ON'
          ? { primary: base.region, secondary: secondary?.code ?? null, passive: nodes[2] }
          : { primary: base.region },
      endpoint: `${body.name}.mssql.${String(base.area).toLowerCase()}.cegedim.cloud:1433`,
    };
  },
  checkOperation(_item, operation, options) {
    if (operation === 'resize') checkSizingOption(operation, options);
  },
};
