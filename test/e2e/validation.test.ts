import { spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { collector, createStack, desire, type TestStack } from '../helpers/pulumi';

/**
 * Preview-time validation under the real CLI: one dry run per new resource for a whole `pulumi up`
 * (its preview and update run in two provider processes), never an answer from an earlier command,
 * and names that two resources of one program, or a program and ITCare, would both hold.
 */
jest.setTimeout(240_000);

const base = { serviceId: 1001, productCode: 'deb12', networkId: 2001, area: 'EB-QA' };
const two = { web01: { ...base, cpu: 2, ram: 4 }, db01: { ...base, productCode: 'rhel9', cpu: 4, ram: 16 } };
let em: SpawnedEmulator;
let t: TestStack;

beforeAll(async () => {
  em = await spawnEmulator(['--action-ms', '200']);
  t = await createStack('validation', em);
});

afterAll(async () => {
  await t?.dispose();
  await em?.stop();
});

const createDryRuns = async () =>
  (await em.control.log()).filter((e) => e.method === 'POST' && e.dryRun && e.path === '/itcare/compute/instances');
const mutations = async () => (await em.control.log()).filter((e) => e.method !== 'GET' && !e.dryRun && e.path.startsWith('/itcare/'));

describe('dry-run validation across provider processes and commands', () => {
  it('pulumi up (preview, then update) validates each new resource once in all', async () => {
    await desire(t.stack, two);
    await em.control.clearLog();
    const up = await t.cli(['up', '--yes']);
    expect(up).toMatchObject({ code: 0 });
    expect(up.output).toMatch(/Previewing update/);
    expect(await createDryRuns()).toHaveLength(2);
    expect((await mutations()).map((e) => e.method)).toEqual(['POST', 'POST']);
  });

  it('a later preview asks ITCare again: a second resource with the same name and inputs fails it, naming the conflict and the fix', async () => {
    await desire(t.stack, { ...two, web01copy: { ...base, name: 'web01', cpu: 2, ram: 4 } });
    await em.control.clearLog();
    const out = collector();
    await expect(t.stack.preview({ onOutput: out.onOutput })).rejects.toThrow();
    expect(out.text()).toMatch(/Instance web01: .*already exists in service 1001.*Set `adopt: true`.*or choose another name/);
    expect(await createDryRuns()).toHaveLength(1);
    expect(await mutations()).toEqual([]);
  });

  it('a preview after another preview asks again: a name taken in between fails it', async () => {
    await desire(t.stack, { ...two, late01: { ...base, cpu: 2, ram: 4 } });
    expect((await t.stack.preview({ onOutput: () => undefined })).changeSummary.create).toBe(1);
    await em.control.seedInstance({ name: 'late01', serviceId: 1001 }); // someone else took the name since
    await em.control.clearLog();
    const out = collector();
    await expect(t.stack.preview({ onOutput: out.onOutput })).rejects.toThrow();
    expect(out.text()).toMatch(/Instance late01: .*already exists in service 1001/);
    expect(await createDryRuns()).toHaveLength(1);
    const [late] = (await em.control.instances()).filter((v) => v.name === 'late01');
    await em.control.removeInstance(late.id);
  });

  it('two resources of one program with the same name in one service fail the preview', async () => {
    await desire(t.stack, {
      ...two,
      twinA: { ...base, name: 'twin01', cpu: 2, ram: 4 },
      twinB: { ...base, name: 'twin01', cpu: 4, ram: 8 },
    });
    await em.control.clearLog();
    const out = collector();
    await expect(t.stack.preview({ onOutput: out.onOutput })).rejects.toThrow();
    expect(out.text()).toMatch(/Instance twin01: another resource of this program is also named twin01 in service 1001/);
    expect(await mutations()).toEqual([]);
    expect((await em.control.instances()).map((v) => v.name).sort()).toEqual(['db01', 'web01']);
  });

  it('an operation this ITCare does not know fails the preview, naming it and the input that needed it', async () => {
    await em.control.behaviour({ unknownOperations: ['update_metadata'] });
    await desire(t.stack, { ...two, web01: { ...two.web01, cpu: 4, ram: 8, tags: { team: 'front' } } });
    await em.control.clearLog();
    const out = collector();
    await expect(t.stack.preview({ onOutput: out.onOutput })).rejects.toThrow();
    expect(out.text()).toMatch(
      /Instance web01: ITCare refused operation update_metadata \(needed to change tags in place\) in dry run.*planned operations: resize, update_metadata/,
    );
    expect(await mutations()).toEqual([]);
    await em.control.behaviour({ unknownOperations: [] });
  });

  it('a create refused at up with an empty 409 says which resource, which name, which service, and the fix', async () => {
    await desire(t.stack, { ...two, new01: { ...base, cpu: 2, ram: 4 } });
    await em.control.addFault({ method: 'POST', path: '^/itcare/compute/instances$', dryRun: false, status: 409, count: 1 });
    const out = collector();
    await expect(t.stack.up({ onOutput: out.onOutput })).rejects.toThrow();
    expect(out.text()).toMatch(
      /compute\.Instance new01: ITCare refused the name new01 in service 1001 \(HTTP 409, no details\).*Set `adopt: true`.*or choose another name/,
    );
  });
});
