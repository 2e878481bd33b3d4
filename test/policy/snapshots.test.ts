import type { PolicyResource } from '@pulumi/policy';
import { snapshotted } from '../../policy/snapshots';
import { catalog } from '../../sdk/resources';

/**
 * How the stack rule finds what a snapshot is of, on the shapes @pulumi/policy gives a stack policy
 * (resources linked by dependencies). The CLI runs (test/e2e/policyStateful.test.ts) hold the same
 * three ways against the engine's own data.
 */
const parent = catalog['compute.Snapshot'].parent!;

function resource(kind: string, name: string, props: Record<string, unknown>): PolicyResource {
  return {
    type: `pulumi-nodejs:dynamic/${kind.replace('.', ':')}`,
    name,
    urn: `urn:pulumi:s::p::${kind}::${name}`,
    props,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
    },
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  } as unknown as PolicyResource;
}

const app = resource('compute.Instance', 'app', { resourceId: 41 });
const db = resource('compute.Instance', 'db', { resourceId: 42 });
const lb = resource('networking.LoadBalancer', 'lb', { resourceId: 41 });

it('through the property dependency of its instanceId, of the parent kind only', () => {
  const snap = { ...resource('compute.Snapshot', 's', {}), propertyDependencies: { instanceId: [lb, db] } };
  expect(snapshotted(snap, parent, [app, db, lb, snap]).map((r) => r.name)).toEqual(['db']);
});

it('a literal instanceId: the instance whose resourceId it is', () => {
  const snap = resource('compute.Snapshot', 's', { instanceId: 41 });
  expect(snapshotted(snap, parent, [app, db, lb, snap]).map((r) => r.name)).toEqual(['app']);
});

it('neither: the instances it depends on', () => {
  const snap = { ...resource('compute.Snapshot', 's', {}), dependencies: [lb, app] };
  expect(snapshotted(snap, parent, [app, db, lb, snap]).map((r) => r.name)).toEqual(['app']);
});
