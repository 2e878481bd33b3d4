import * as path from 'node:path';
import { FIXTURES, PACK, usePolicyStack, violations } from './policyCli';

/**
 * The pack's stateful rules under the real Pulumi CLI, against the emulator, on one stack that is
 * really `up`: a PRODUCTION database replacement never passes preview with the pack on, and an
 * instance a snapshot is kept of is stateful.
 *
 * Analyzers are not told what a plan does to a resource (docs/policy.md): the guard is the mandatory
 * itcare-production-protect rule plus the engine, which refuses to replace or delete a protected
 * resource. So a replacing change to the protected database fails at preview (the engine), and the
 * same change with `protect` removed fails too (the pack); without the pack it would be a replace.
 */
jest.setTimeout(600_000);

const CONFIG = path.join(FIXTURES, 'estate.json');

const tags = { owner: 'team-data', 'cost-center': 'CC-1234' };
const pgArgs = {
  name: 'pgprod01',
  serviceId: 1001,
  networkId: 2001,
  area: 'EB-QA',
  productCode: 'deb12pg16',
  nodeSizing: '2cpu4gb',
  diskSize: 40,
  admPassword: 'Pg7!Policies#2026',
  topology: 'HA',
  nodePrefix: 'PGPRD',
  tls: true,
};
const pg = (args: Record<string, unknown> = {}, protect = true) => ({
  type: 'databases.PostgreSQL',
  args: { ...pgArgs, ...args },
  protect,
});
const app = (protect: boolean) => ({
  type: 'compute.Instance',
  args: {
    name: 'prdapp01',
    serviceId: 1001,
    networkId: 2001,
    area: 'EB-QA',
    productCode: 'deb12',
    environment: 'PRODUCTION',
    cpu: 2,
    ram: 4,
    tags,
  },
  protect,
});
const snapshot = (instanceId: unknown) => ({ type: 'compute.Snapshot', args: { instanceId, description: 'before the 2027 upgrade' } });

// Protected resources block `destroy`: the test's own teardown lifts protection first.
const s = usePolicyStack('policy-stateful', (st) => st.t.cli(['state', 'unprotect', '--all', '--yes']));

function run(command: 'preview' | 'up', resources: Record<string, unknown>, pack = true) {
  const policy = pack ? ['--policy-pack', PACK, '--policy-pack-config', CONFIG] : [];
  return s.run(resources, [command, ...(command === 'up' ? ['--yes', '--skip-preview'] : []), ...policy]);
}

/** The mandatory violations the CLI lists, without the resource type. */
const mandatory = (output: string) => violations(output, 'mandatory').map(({ type: _type, ...v }) => v);

const mutations = async () =>
  (await s.em.control.log()).filter((e) => e.method !== 'GET' && !e.dryRun && e.path.startsWith('/itcare/')).length;

describe('a PRODUCTION database replacement never passes preview with the pack on', () => {
  it('a protected PRODUCTION PostgreSQL and a protected instance are up, compliant', async () => {
    const r = await run('up', { pgprod01: pg(), prdapp01: app(true) });
    expect(mandatory(r.output)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('a create-only change (diskSize) that replaces the protected database fails at preview: the engine refuses', async () => {
    const before = await mutations();
    const r = await run('preview', { pgprod01: pg({ diskSize: 60 }), prdapp01: app(true) });
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/unable to replace resource "urn:pulumi:[^"]*::pgprod01"\s+as it is currently marked for protection/);
    expect(r.output).toMatch(/\+- .*pgprod01 +replace +\[diff: ~diskSize\]/);
    expect(mandatory(r.output)).toEqual([]);
    // Nor does an up get through: the engine bails before the delete of a delete-before-replace.
    const up = await run('up', { pgprod01: pg({ diskSize: 60 }), prdapp01: app(true) });
    expect(up.code).not.toBe(0);
    expect(up.output).toMatch(/unable to replace resource "urn:pulumi:[^"]*::pgprod01"/);
    expect(await mutations()).toBe(before);
  });

  it('removing the protected database from the program fails at preview too: the engine refuses the delete', async () => {
    const r = await run('preview', { prdapp01: app(true) });
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/resource "urn:pulumi:[^"]*::pgprod01" cannot be deleted\s+because it is protected/);
  });

  it('removing protect to let it through violates the mandatory rule, naming the resource, protect and the fix', async () => {
    const before = await mutations();
    const r = await run('preview', { pgprod01: pg({ diskSize: 60 }, false), prdapp01: app(true) });
    expect(r.code).not.toBe(0);
    expect(mandatory(r.output)).toEqual([
      {
        policy: 'itcare-production-protect',
        resource: 'pgprod01',
        message: expect.stringMatching(
          /^PostgreSQL "pgprod01" protect: a stateful PRODUCTION resource must be protected, or a plan may replace or delete it .*diskSize.*add the resource option `protect: true`/,
        ),
      },
    ]);
    expect(await mutations()).toBe(before);
  });

  it('without the pack, the same change is a plain replace: the pack is what stops it', async () => {
    const r = await run('preview', { pgprod01: pg({ diskSize: 60 }, false), prdapp01: app(true) }, false);
    expect(r.output).toMatch(/\+- .*pgprod01 +replace +\[diff: ~diskSize,protect\]/);
    expect(r.code).toBe(0);
  });

  it('the limit docs/policy.md names: unprotected in state (pulumi state unprotect), protected in the program, the replace passes', async () => {
    expect(
      (
        await s.t.cli([
          'state',
          'unprotect',
          'urn:pulumi:policy-stateful::itcare-e2e-policy::pulumi-nodejs:dynamic/databases:PostgreSQL::pgprod01',
          '--yes',
        ])
      ).code,
    ).toBe(0);
    const r = await run('preview', { pgprod01: pg({ diskSize: 60 }), prdapp01: app(true) });
    expect(r.output).toMatch(/\+- .*pgprod01 +replace +\[diff: ~diskSize,protect\]/);
    expect(mandatory(r.output)).toEqual([]);
    expect(r.code).toBe(0);
    // Protected again, in a plan of its own (a state change only: nothing reaches ITCare).
    const before = await mutations();
    expect((await run('up', { pgprod01: pg(), prdapp01: app(true) })).code).toBe(0);
    expect(await mutations()).toBe(before);
  });
});

describe("a snapshot's instance is stateful in PRODUCTION", () => {
  it('a new snapshot of an unprotected PRODUCTION instance (its id an output, unknown at preview) fails: found through its property dependency', async () => {
    const r = await run('preview', { pgprod01: pg(), prdapp01: app(false), snap: snapshot({ ref: 'prdapp01' }) });
    expect(r.code).not.toBe(0);
    expect(mandatory(r.output)).toEqual([
      {
        policy: 'itcare-snapshot-protect',
        resource: 'prdapp01',
        message: expect.stringMatching(
          /^Instance "prdapp01" protect: Snapshot "snap" is a snapshot of it \(instanceId\), so it holds PRODUCTION data .*add the resource option `protect: true` to "prdapp01"/,
        ),
      },
    ]);
  });

  it("a snapshot of it by its literal id (no dependency) is found through the instance's resourceId; a new instance beside it, its resourceId unknown, neither matches nor stops the rule", async () => {
    const state = await s.t.stack.exportStack();
    const inst = (state.deployment.resources as { urn: string; outputs?: { resourceId?: number } }[]).find((r) =>
      r.urn.endsWith('::prdapp01'),
    );
    expect(typeof inst?.outputs?.resourceId).toBe('number');
    const prdnew01 = { ...app(false), args: { ...app(false).args, name: 'prdnew01' } };
    const r = await run('preview', { pgprod01: pg(), prdapp01: app(false), prdnew01, snap: snapshot(inst?.outputs?.resourceId) });
    expect(r.output).not.toMatch(/can't run policy 'itcare-snapshot-protect'/);
    expect(mandatory(r.output)).toEqual([
      { policy: 'itcare-snapshot-protect', resource: 'prdapp01', message: expect.stringMatching(/^Instance "prdapp01" protect:/) },
    ]);
    expect(r.code).not.toBe(0);
  });

  it('protected, or without a snapshot, it previews clean', async () => {
    const protectedOne = await run('preview', { pgprod01: pg(), prdapp01: app(true), snap: snapshot({ ref: 'prdapp01' }) });
    expect(mandatory(protectedOne.output)).toEqual([]);
    // A snapshot is named by its description: the naming rule's DEVELOPMENT prefix is not for it.
    expect(violations(protectedOne.output, 'advisory')).toEqual([]);
    expect(protectedOne.code).toBe(0);
    const noSnapshot = await run('preview', { pgprod01: pg(), prdapp01: app(false) });
    expect(mandatory(noSnapshot.output)).toEqual([]);
    expect(noSnapshot.code).toBe(0);
  });
});
