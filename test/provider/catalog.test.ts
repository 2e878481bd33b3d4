import { configure, engine } from '../../provider/engine';
import { catalog, type AnyResourceDescriptor, type CatalogKey } from '../../sdk/resources';
import { PG_PASSWORD, sampleOf } from '../helpers/catalogSamples';
import { sdkClient, useProviderEmulator } from '../helpers/emulator';
import { Lifecycle } from '../../provider/lifecycle';
import { ResourceKind } from '../../provider/resourceKind';

/**
 * check and diff of every descriptor of the catalogue, through the engine the shim loads, against the
 * emulator (credentials from the environment, as a provider process gets them).
 */
jest.setTimeout(60_000);

const em = useProviderEmulator();

/** The state of a created resource as the engine stores it (id 999: unknown to the emulator). */
const stateOf = (d: AnyResourceDescriptor, args: Record<string, unknown>) => ({
  ...args,
  status: 'ACTIVE',
  __declared: ResourceKind.of(d).outputs.pickDeclared(args),
});

// Named resources of a service; load balancers, URLs and snapshots (members and parents are other
// resources' ids) are in networking.test.ts.
const standalone = (Object.entries(catalog) as [CatalogKey, AnyResourceDescriptor][]).filter(([, d]) => d.power !== undefined);

describe.each(standalone)('%s', (key, d) => {
  const sample = sampleOf(key);

  it('check passes the sample (schema, then ITCare in dry run) and names the property of a bad value', async () => {
    expect((await engine(key).check({}, { ...sample.args, __provider: 'shim' })).failures ?? []).toEqual([]);
    const secret = d.secrets?.[0];
    const bad = secret ? { [secret]: 'short' } : { name: 'X' };
    const { failures } = await engine(key).check({}, { ...sample.args, ...bad });
    expect(failures?.[0]).toMatchObject({ property: Object.keys(bad)[0], reason: expect.stringMatching(new RegExp(`^${d.kind} `)) });
    expect(JSON.stringify(failures)).not.toContain('short"');
  });

  it('diff: an in-place change is an update, a create-only change a replace shown as such', async () => {
    const olds = stateOf(d, sample.args);
    if (sample.inPlace) {
      const diff = await engine(key).diff('999', olds, { ...sample.args, ...sample.inPlace.change });
      expect(diff).toMatchObject({ changes: true, replaces: [] });
      expect(
        ResourceKind.of(d)
          .plan.operations({ ...sample.args, ...sample.inPlace.change }, olds)
          .map((p) => p.operation),
      ).toEqual([sample.inPlace.operation]);
    }
    const replaced = await engine(key).diff('999', olds, { ...sample.args, ...sample.replace });
    expect(replaced).toMatchObject({ changes: true, replaces: Object.keys(sample.replace), deleteBeforeReplace: true });
  });

  if (d.secrets?.length) {
    it('diff: a password change is refused at preview with what to do, never a replace, never the value', async () => {
      const field = d.secrets![0];
      const olds = stateOf(d, sample.args);
      const err = (await engine(key)
        .diff('999', olds, { ...sample.args, [field]: 'N3w!Password#2027' })
        .catch((e: Error) => e)) as Error;
      expect(err).toBeInstanceOf(Error);
      expect(err.message).toMatch(new RegExp(`${field} changed, but ITCare has no operation to change it on an existing ${d.kind}`));
      expect(err.message).toMatch(/ignoreChanges: \["/);
      expect(err.message).not.toContain('N3w!Password#2027');
      expect(err.message).not.toContain(String(sample.args[field]));
      // With a replace for another reason, the new resource simply gets the new password.
      const replaced = await engine(key).diff('999', olds, { ...sample.args, ...sample.replace, [field]: 'N3w!Password#2027' });
      expect(replaced).toMatchObject({ changes: true, replaces: Object.keys(sample.replace) });
    });
  }
});

describe('INFERRED answers are checked before they drive an operation', () => {
  it('an OpenSearch whose GET lacks instanceCount and nodes is not grown by a guessed add_nodes', async () => {
    const d = catalog['databases.OpenSearch'];
    const args = { ...sampleOf('databases.OpenSearch').args, name: 'blind01' };
    await em.control.timing({ durationMs: 30 });
    const { id, outs } = await new Lifecycle(ResourceKind.of(d), sdkClient(em)).create(args);
    await em.control.addFault({ method: 'GET', path: '^/itcare/databases/opensearch', omitFields: ['instanceCount', 'nodes'] });
    try {
      await em.control.clearLog();
      await expect(engine('databases.OpenSearch').update(id, outs, { ...args, instanceCount: 5 })).rejects.toThrow(
        /ITCare did not return the cluster's instanceCount/,
      );
      expect((await em.control.log()).filter((e) => e.method === 'PATCH')).toEqual([]);
    } finally {
      await em.control.clearFaults();
    }
    expect((await em.control.resources('opensearch')).find((r) => r.name === 'blind01')).toMatchObject({ instanceCount: 3 });
  });
});

describe('secrets', () => {
  it('a server message that echoes the password is redacted in the preview failure (the engine registers secret inputs)', async () => {
    const args = { ...sampleOf('databases.PostgreSQL').args, name: 'echo01' };
    await em.control.addFault({
      method: 'POST',
      path: '^/itcare/databases/postgresql$',
      dryRun: true,
      status: 400,
      count: 1,
      body: {
        status: 'BAD_REQUEST',
        errorCode: 'INVALID_FIELD_VALUE',
        errorDesc: 'admPassword',
        errorMessage: `password ${PG_PASSWORD} was used before`,
      },
    });
    const { failures } = await engine('databases.PostgreSQL').check({}, args);
    expect(failures?.[0]).toMatchObject({ property: 'admPassword', reason: expect.stringContaining('[REDACTED] was used before') });
    expect(JSON.stringify(failures)).not.toContain(PG_PASSWORD);
  });

  it("so is a replacement's dry run in diff, in a provider process whose check never saw the password", async () => {
    const key = 'databases.PostgreSQL';
    const { args, replace } = sampleOf(key);
    configure({ config: { get: () => undefined } }); // a fresh API client: nothing registered for redaction yet
    await em.control.addFault({
      method: 'POST',
      path: '^/itcare/databases/postgresql$',
      dryRun: true,
      status: 400,
      count: 1,
      body: {
        status: 'BAD_REQUEST',
        errorCode: 'INVALID_FIELD_VALUE',
        errorDesc: 'admPassword',
        errorMessage: `password ${PG_PASSWORD} was used before`,
      },
    });
    const err = (await engine(key)
      .diff('999', stateOf(catalog[key], { ...args, name: 'echo02' }), { ...args, ...replace, name: 'echo02' })
      .catch((e: Error) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toContain('[REDACTED] was used before');
    expect(err.message).not.toContain(PG_PASSWORD);
  });
});

describe('operations derived from inputs', () => {
  const os = catalog['databases.OpenSearch'];
  const pg = catalog['databases.PostgreSQL'];
  const osArgs = sampleOf('databases.OpenSearch').args;

  it('OpenSearch: a larger instanceCount is add_nodes with the difference; a smaller one is refused at preview', async () => {
    const current = { ...stateOf(os, osArgs), instanceCount: 5, nodes: ['SRCH01', 'SRCH02', 'SRCH03', 'SRCH04', 'SRCH05'] };
    expect(ResourceKind.of(os).plan.operations({ ...osArgs, instanceCount: 7 }, current)).toEqual([
      { operation: 'add_nodes', options: { nodesCount: 2, nodeSize: '4cpu16gb', diskSize: 100 } },
    ]);
    const err = (await engine('databases.OpenSearch')
      .diff('999', current, { ...osArgs, instanceCount: 3 })
      .catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(
      /instanceCount: an OpenSearch cluster cannot shrink from 5 to 3 nodes \(ITCare can only add nodes\)\. Keep the current value, or replace the resource explicitly/,
    );
    expect(() => ResourceKind.of(os).plan.operations({ ...osArgs, instanceCount: 3 }, current)).toThrow(/cannot shrink/);
  });

  it("OpenSearch: when ITCare's answer lacks instanceCount or nodes (INFERRED fields), no operation is guessed", () => {
    const current = { ...stateOf(os, osArgs), instanceCount: undefined, nodes: undefined };
    expect(() => ResourceKind.of(os).plan.operations({ ...osArgs, instanceCount: 5 }, current)).toThrow(
      /did not return the cluster's instanceCount/,
    );
    expect(() => ResourceKind.of(os).plan.operations({ ...osArgs, nodeSizing: '8cpu32gb' }, current)).toThrow(
      /did not return the cluster's nodes/,
    );
  });

  it('OpenSearch: nodeSizing is resize_nodes on every node; monitoring is update_monitoring', () => {
    const current = { ...stateOf(os, osArgs), nodes: ['SRCH01', 'SRCH02', 'SRCH03'], monitoring: false, onCall: false };
    expect(ResourceKind.of(os).plan.operations({ ...osArgs, nodeSizing: '8cpu32gb', monitoring: true }, current)).toEqual([
      { operation: 'resize_nodes', options: { nodeSize: '8cpu32gb', nodes: ['SRCH01', 'SRCH02', 'SRCH03'] } },
      { operation: 'update_monitoring', options: { state: true, on_call: false } },
    ]);
  });

  it('PostgreSQL: resize{sizing} from nodeSizing; standalone → HA is enable_ha in place; HA → standalone is refused', async () => {
    const args = sampleOf('databases.PostgreSQL').args;
    const current = { ...stateOf(pg, args), topology: 'standalone' };
    expect(ResourceKind.of(pg).plan.operations({ ...args, nodeSizing: '4cpu8gb' }, current)).toEqual([
      { operation: 'resize', options: { sizing: '4cpu8gb' } },
    ]);
    const ha = { ...args, topology: 'HA', nodePrefix: 'PGNODE', tls: true };
    expect(ResourceKind.of(pg).plan.operations(ha, current)).toEqual([
      { operation: 'enable_ha', options: { nodePrefix: 'PGNODE', tls: true } },
    ]);
    expect(await engine('databases.PostgreSQL').diff('999', current, ha)).toMatchObject({ changes: true, replaces: [] });
    const err = (await engine('databases.PostgreSQL')
      .diff('999', { ...current, ...ha }, { ...args, topology: 'standalone' })
      .catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/topology: an HA cluster cannot go back to standalone/);
    expect(err.message).not.toContain(PG_PASSWORD);
  });
});
