import { redis } from '../../sdk/resources';
import type { ResourceBehaviour } from '../routes';
import { checkSizingOption, managedBase, managedFilters } from './managed';

/** Redis: the managed checks; the topology follows instanceCount (1 STANDALONE, 3 HIGH_AVAILABILITY). */
export const redisBehaviour: ResourceBehaviour<typeof redis> = {
  descriptor: redis,
  filters: managedFilters,
  buildModel(body, _collection, submittedBy) {
    const instanceCount = (body.instanceCount as number | undefined) ?? 1;
    return {
      ...managedBase(redis, body, submittedBy),
      instanceCount,
      topology: instanceCount === 3 ? 'HIGH_AVAILABILITY' : 'STANDALONE',
      persistenceMode: body.persistenceMode ?? 'PERSISTENT',
    };
  },
  checkOperation(_item, operation, options) {
    if (operation === 'resize') checkSizingOption(operation, options);
  },
};
