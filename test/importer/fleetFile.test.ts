import YAML from 'yaml';
import { fleetFile, groupName, sharedFields } from '../../importer/fleetFile';
import { parseFleet } from '../../provider/fleet/load';
import { sampleEstate } from '../helpers/estate';

/**
 * The fleet file the importer writes round-trips: read back by the fleet loader (pulumi-itcare/fleet,
 * FLEET.md's merge rule), every entry has exactly the inputs and secret references it was written
 * from; values common to a group sit once in its defaults; nothing secret is ever a value.
 */
const from = { command: 'itcare-import --service DEMO,SANDBOX --out fleet.yaml', generatedAt: new Date('2026-11-30T00:00:00Z') };

describe('fleetFile', () => {
  const estate = sampleEstate();
  const text = fleetFile(estate, from);

  it('reads back, through the fleet loader, as exactly the entries it was written from', () => {
    const { entries } = parseFleet(text, 'fleet.yaml');
    expect(entries).toHaveLength(estate.entries.length);
    for (const e of estate.entries) {
      const back = entries.find((x) => x.kind === e.kind.key && x.name === e.pulumiName);
      expect(back).toBeDefined();
      expect({ ...back!.inputs, name: back!.inputs.name ?? back!.name }).toEqual(e.inputs);
      expect(back!.secrets).toEqual(e.secrets);
      expect(back!.group).toBe(groupName(e));
    }
  });

  it('is plain YAML: version 1, adopt in the file defaults, one group per kind and service', () => {
    const doc = YAML.parse(text);
    expect(doc.version).toBe(1);
    expect(doc.defaults).toEqual({ adopt: true });
    expect(Object.keys(doc.groups)).toEqual(
      expect.arrayContaining(['instances-demo', 'instances-sandbox', 'postgresql-demo', 'overdrive-demo']),
    );
    expect(doc.groups['instances-demo']).toEqual(
      expect.objectContaining({ kind: 'compute.Instance', defaults: expect.objectContaining({ serviceId: 1001 }) }),
    );
    expect(doc.groups['instances-sandbox'].resources['twin01-sandbox']).toEqual(
      expect.objectContaining({ name: 'twin01', networkId: 2003 }),
    );
  });

  it('writes secrets as references and no password anywhere', () => {
    const doc = YAML.parse(text);
    expect(doc.groups['postgresql-demo'].resources.catpg01.admPassword).toEqual({ secret: 'POSTGRESQL_CATPG01_ADMPASSWORD' });
    expect(text).not.toMatch(/Pg7!|Od7!|Rd7!|Mr7!/);
  });

  it('lists what was left out, with the reason, as comments', () => {
    expect(text).toMatch(/^# {3}compute\.Instance broken01 \(id 9, service DEMO\): status ERROR: ITCare marked it failed$/m);
    expect(YAML.parse(text).groups['instances-demo'].resources.broken01).toBeUndefined();
  });
});

describe('sharedFields', () => {
  it('moves to the group what every entry shares, never names, tags or adopt', () => {
    const [a, b] = sampleEstate().entries.filter((e) => e.kind.key === 'compute.Instance' && e.service.key === 'DEMO');
    const same = { tags: { app: 'shop' }, adopt: true };
    const shared = sharedFields([
      { ...a, inputs: { ...a.inputs, ...same, cpu: 2 } },
      { ...b, inputs: { ...b.inputs, ...same, cpu: 4 } },
    ]);
    expect(shared).toEqual({ serviceId: 1001, productCode: 'deb12', networkId: 2001, area: 'EB-QA', ram: 4, powerState: 'running' });
  });

  it('keeps only serviceId for a group of one', () => {
    const [one] = sampleEstate().entries;
    expect(sharedFields([one])).toEqual({ serviceId: one.inputs.serviceId });
  });
});
