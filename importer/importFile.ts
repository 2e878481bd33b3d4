import { tokenOf } from '../native/tokens';
import type { Estate } from './estate';

/**
 * Writes an estate as a file for `pulumi import --file` (Pulumi's bulk import format), for stacks on
 * the native provider (`pulumi-resource-itcare`): one entry per resource, its type token, Pulumi name
 * and ITCare id. Pulumi reads each resource through the provider, writes the state and prints the
 * program (for any language); secret fields, which ITCare never returns, are for the program to add.
 */
export function importFile(estate: Estate): string {
  const resources = estate.entries.map((e) => ({ type: tokenOf(e.kind.key), name: e.pulumiName, id: String(e.id) }));
  return `${JSON.stringify({ resources }, null, 2)}\n`;
}
