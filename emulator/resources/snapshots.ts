import { formatITCareDate } from '../../sdk/dates';
import { instances, snapshots } from '../../sdk/resources';
import type { ResourceBehaviour } from '../routes';
import type { StoredResource } from '../store';

/**
 * Snapshots of an instance (/compute/instances/{id}/snapshots). Ids are `<instanceId>-snap-<n>`
 * (VERIFIED form); label, creator, dates and size as the public field list says, with INFERRED
 * names and a 7-day retention (README.md). An expired snapshot stays listed (the less convenient
 * reading): the provider judges expiry itself. An instance with snapshots cannot be deleted (409).
 */
export const SNAPSHOT_RETENTION_MS = 7 * 24 * 3_600_000;

export const snapshotBehaviour: ResourceBehaviour<typeof snapshots> = {
  descriptor: snapshots,
  filters: {},
  buildModel(body, collection, submittedBy, store) {
    const instanceId = Number(body.instanceId);
    const vm = store?.collection(instances.path).items.get(instanceId);
    const n = collection.all().filter((s) => s.instanceId === instanceId).length + 1;
    const now = new Date();
    return {
      instanceId,
      label: `${String(vm?.name ?? instanceId)}-snapshot-${n}`,
      description: String(body.description),
      creator: submittedBy,
      creationDate: formatITCareDate(now),
      recoveryDate: null,
      expirationDate: formatITCareDate(new Date(now.getTime() + SNAPSHOT_RETENTION_MS)),
      size: Number(vm?.totalSizeDisks ?? 20),
    } as unknown as Omit<StoredResource, 'id' | 'status'>;
  },
  newId(model, collection) {
    // Never reuse a number: the highest of this instance's snapshots, plus one.
    const prefix = `${String(model.instanceId)}-snap-`;
    const used = collection
      .all()
      .map((s) => String(s.id))
      .filter((id) => id.startsWith(prefix))
      .map((id) => Number(id.slice(prefix.length)));
    return `${prefix}${Math.max(0, ...used) + 1}`;
  },
};
