import { glusterfs } from '../../sdk/resources';
import { invalidField } from '../http';
import type { ResourceBehaviour } from '../routes';
import { managedBase, managedFilters } from './managed';

/** GlusterFS: the managed checks, the platforms of the catalogue, the mount point. Products and platforms INFERRED (README.md). */
export const glusterfsProducts: Record<string, string> = { glusterfs11: 'GlusterFS 11', glusterfs10: 'GlusterFS 10' };
export const GLUSTERFS_PLATFORMS = ['vm', 'baremetal'] as const;

export const glusterfsBehaviour: ResourceBehaviour<typeof glusterfs> = {
  descriptor: glusterfs,
  filters: managedFilters,
  buildModel(body, _collection, submittedBy) {
    if (!(GLUSTERFS_PLATFORMS as readonly string[]).includes(body.platform)) {
      throw invalidField(
        'platform',
        `Error on field 'platform': platform ${body.platform} is not offered, allowed: ${GLUSTERFS_PLATFORMS.join(', ')}`,
      );
    }
    const base = managedBase(glusterfs, body, submittedBy, glusterfsProducts);
    return { ...base, mountPoint: `${body.name}.${body.area.toLowerCase()}.cegedim.cloud:/${body.name}` };
  },
};
