import * as path from 'node:path';
import { FIXTURES, PACK, usePolicyStack, violations } from './policyCli';

/**
 * The policy pack (policy/, started as the analyzer executable policy-pack/itcare-policy) under the
 * real Pulumi CLI, against the emulator: one stack, three previews. The verdicts are the CLI's own
 * (exit code, its "Policy Violations" section): a compliant estate previews clean; a PRODUCTION
 * standalone PostgreSQL, an untagged instance and an oversized DEVELOPMENT instance fail with one
 * mandatory violation each; a config file that raises the cap lets the same oversized instance pass,
 * while the advisory naming rule warns without failing.
 */
jest.setTimeout(300_000);

const dev = { serviceId: 1002, networkId: 2003, area: 'ET-QA', productCode: 'deb12', environment: 'DEVELOPMENT' };
const tags = { owner: 'team-web', 'cost-center': 'CC-1234' };
const pg = {
  serviceId: 1001,
  networkId: 2001,
  area: 'EB-QA',
  productCode: 'deb12pg16',
  nodeSizing: '2cpu4gb',
  diskSize: 40,
  admPassword: 'Pg7!Policies#2026',
};
const prodHa = {
  type: 'databases.PostgreSQL',
  args: { name: 'pgprod01', ...pg, topology: 'HA', nodePrefix: 'PGPRD', tls: true },
  protect: true,
};

const s = usePolicyStack('policy');

const preview = (resources: Record<string, unknown>, config: string) =>
  s.run(resources, ['preview', '--policy-pack', PACK, '--policy-pack-config', path.join(FIXTURES, config)]);

it('a compliant estate previews clean', async () => {
  const r = await preview(
    { pgprod01: prodHa, 'dev-web01': { type: 'compute.Instance', args: { ...dev, cpu: 2, ram: 4, tags } } },
    'estate.json',
  );
  expect(r.output).not.toMatch(/\[(mandatory|advisory)\]/);
  expect(r.code).toBe(0);
});

it('a standalone PRODUCTION PostgreSQL, an untagged instance and an oversized DEVELOPMENT one fail the preview', async () => {
  const r = await preview(
    {
      pgprod01: { ...prodHa, args: { ...pg, name: 'pgprod01', topology: 'standalone' } },
      'dev-web01': { type: 'compute.Instance', args: { ...dev, cpu: 2, ram: 4 } },
      'dev-big01': { type: 'compute.Instance', args: { ...dev, cpu: 8, ram: 16, tags } },
    },
    'estate.json',
  );
  expect(r.code).not.toBe(0);
  const found = violations(r.output, 'mandatory').sort((a, b) => a.resource.localeCompare(b.resource));
  expect(found).toEqual([
    {
      policy: 'itcare-sizing-caps',
      resource: 'dev-big01',
      type: 'pulumi-nodejs:dynamic/compute:Instance',
      message: expect.stringMatching(/^Instance "dev-big01" cpu: 8 vCPU exceeds the DEVELOPMENT cap of 4/),
    },
    {
      policy: 'itcare-required-tags',
      resource: 'dev-web01',
      type: 'pulumi-nodejs:dynamic/compute:Instance',
      message: expect.stringMatching(/^Instance "dev-web01" tags: cost-center is missing; owner is missing/),
    },
    {
      policy: 'itcare-production-ha',
      resource: 'pgprod01',
      type: 'pulumi-nodejs:dynamic/databases:PostgreSQL',
      message: expect.stringMatching(
        /^PostgreSQL "pgprod01" topology: "standalone" is not highly available in PRODUCTION .*set topology to "HA"/,
      ),
    },
  ]);
  // The PR's preview never reached ITCare with a mutation.
  expect((await s.em.control.log()).filter((e) => e.method !== 'GET' && !e.dryRun && e.path.startsWith('/itcare/'))).toEqual([]);
});

it('a config file raising the cap lets the oversized instance pass; the advisory naming rule only warns', async () => {
  const r = await preview(
    {
      'dev-big01': { type: 'compute.Instance', args: { ...dev, cpu: 8, ram: 16, tags } },
      web02: { type: 'compute.Instance', args: { ...dev, cpu: 2, ram: 4, tags } },
    },
    'raised-cap.json',
  );
  expect(violations(r.output, 'mandatory')).toEqual([]);
  expect(violations(r.output, 'advisory')).toEqual([
    {
      policy: 'itcare-naming',
      resource: 'web02',
      type: 'pulumi-nodejs:dynamic/compute:Instance',
      message: 'Instance "web02" name: "web02" does not start with "dev", the DEVELOPMENT prefix; rename it dev….',
    },
  ]);
  expect(r.code).toBe(0);
});
