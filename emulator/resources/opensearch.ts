import { opensearch } from '../../sdk/resources';
import { invalidField } from '../http';
import type { ResourceBehaviour } from '../routes';
import { checkSizingOption, managedBase, managedFilters, nodeNames } from './managed';

/**
 * OpenSearch: the managed checks, node names from nodePrefix, add_nodes growing the cluster,
 * resize_nodes naming existing nodes only, update_monitoring.
 */
export const opensearchBehaviour: ResourceBehaviour<typeof opensearch> = {
  descriptor: opensearch,
  filters: managedFilters,
  buildModel(body, _collection, submittedBy) {
    return {
      ...managedBase(opensearch, body, submittedBy),
      nodes: nodeNames(String(body.nodePrefix), 1, Number(body.instanceCount)),
      monitoring: body.monitoring ?? false,
      onCall: body.onCall ?? false,
    };
  },
  checkOperation(item, operation, options) {
    if (operation === 'add_nodes') {
      checkSizingOption(operation, options, 'nodeSize');
      const total = Number(item.instanceCount) + Number(options.nodesCount);
      if (total > 51) throw invalidField('nodesCount', `Error on field 'nodesCount': the cluster would have ${total} nodes, at most 51`);
    }
    if (operation === 'resize_nodes') {
      checkSizingOption(operation, options, 'nodeSize');
      const unknown = (options.nodes as string[]).filter((n) => !(item.nodes as string[]).includes(n));
      if (unknown.length) throw invalidField('nodes', `Error on field 'nodes': unknown nodes ${unknown.join(', ')}`);
    }
  },
  applyOperation(item, operation, options) {
    if (operation !== 'add_nodes') return;
    const count = Number(item.instanceCount);
    item.nodes = [...(item.nodes as string[]), ...nodeNames(String(item.nodePrefix), count + 1, Number(options.nodesCount))];
    item.instanceCount = count + Number(options.nodesCount);
  },
};
