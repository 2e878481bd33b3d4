import { overdrive } from '../../sdk/resources';
import { OVERDRIVE_QUOTA_GB } from '../managedCatalog';
import type { ResourceBehaviour } from '../routes';
import { managedBase, managedFilters } from './managed';

/** Overdrive: the managed checks (no network) and the quota of the sizing. The password is never kept. */
export const overdriveBehaviour: ResourceBehaviour<typeof overdrive> = {
  descriptor: overdrive,
  filters: managedFilters,
  buildModel(body, _collection, submittedBy) {
    return { ...managedBase(overdrive, body, submittedBy), quotaGb: OVERDRIVE_QUOTA_GB[String(body.sizing)] };
  },
};
