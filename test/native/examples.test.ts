import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { renderSchema } from '../../native/schema';

/**
 * The Pulumi YAML examples against the package schema: every type and function they use exists,
 * every property is an input of its type, every required input is there. examples/yaml also runs
 * end to end (test/e2e/yaml.test.ts); examples/gitops-yaml is checked here only.
 */
const schema = JSON.parse(renderSchema());
const examples = ['yaml', 'gitops-yaml'].map((d) => path.join(__dirname, '..', '..', 'examples', d, 'Pulumi.yaml'));

function invokes(node: unknown): string[] {
  if (!node || typeof node !== 'object') return [];
  const own = (node as Record<string, { function?: string }>)['fn::invoke']?.function;
  return [...(own ? [own] : []), ...Object.values(node).flatMap(invokes)];
}

test.each(examples)("%s uses the schema's types, inputs and functions", (file) => {
  const program = parse(fs.readFileSync(file, 'utf8'));
  for (const [name, r] of Object.entries(program.resources as Record<string, { type: string; properties?: Record<string, unknown> }>)) {
    const spec = r.type === 'pulumi:providers:itcare' ? schema.provider : schema.resources[r.type];
    expect({ name, type: r.type, known: spec !== undefined }).toEqual({ name, type: r.type, known: true });
    const unknown = Object.keys(r.properties ?? {}).filter((k) => !(k in spec.inputProperties));
    const missing = ((spec.requiredInputs ?? []) as string[]).filter((k) => !(k in (r.properties ?? {})));
    expect({ name, unknown, missing }).toEqual({ name, unknown: [], missing: [] });
  }
  for (const fn of invokes(program.variables)) expect(Object.keys(schema.functions)).toContain(fn);
});
