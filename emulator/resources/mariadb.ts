import { mariadb } from '../../sdk/resources';
import { invalidField } from '../http';
import { MARIADB_VERSIONS } from '../managedCatalog';
import type { ResourceBehaviour } from '../routes';
import { checkSizingOption, managedBase, managedFilters } from './managed';

/** MariaDB: the managed checks, the versions of the catalogue, SINGLE by default (INFERRED). */
export const mariadbBehaviour: ResourceBehaviour<typeof mariadb> = {
  descriptor: mariadb,
  filters: managedFilters,
  buildModel(body, _collection, submittedBy) {
    if (!(MARIADB_VERSIONS as readonly string[]).includes(String(body.version))) {
      throw invalidField(
        'version',
        `Error on field 'version': MariaDB ${String(body.version)} is not offered, allowed: ${MARIADB_VERSIONS.join(', ')}`,
      );
    }
    return {
      ...managedBase(mariadb, body, submittedBy),
      instanceCount: body.instanceCount ?? 1,
      topology: body.topology ?? 'SINGLE',
      tlsEnabled: body.tlsEnabled ?? false,
    };
  },
  checkOperation(_item, operation, options) {
    if (operation === 'resize') checkSizingOption(operation, options);
  },
};
