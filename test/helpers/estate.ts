import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { currentInputs, secretReference } from '../../importer/adoption';
import type { Estate, EstateEntry } from '../../importer/estate';
import { importKinds } from '../../importer/kinds';
import { sampleOf } from './catalogSamples';
import { sdkClient, type SpawnedEmulator, type StoredInstance } from './emulator';
import { REPO } from './pulumi';

/**
 * An estate clicked together in the ITCare console, for the importer's tests: resources of every
 * kind in two services, running and stopped, tagged, and a few that cannot be adopted now (ERROR,
 * DELETING, CREATING, an action running, another stack's ownership marker), each with the words
 * the importer must give as its reason.
 */
type Seed = Record<string, unknown> & { name: string; serviceId: number };

const DEMO = { serviceId: 1001, networkId: 2001 };
const BACK = { serviceId: 1001, networkId: 2002 };
const SANDBOX = { serviceId: 1002, networkId: 2003, area: 'ET-QA' };
const omit = (o: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
const sample = (kind: string, extra: Record<string, unknown>) =>
  ({ ...omit(sampleOf(kind).args, 'admPassword', 'password'), ...extra }) as Seed;

/** Collection (last path segment) → resources to seed that the importer must adopt. */
export const adoptable: Record<string, Seed[]> = {
  instances: [
    ...Array.from({ length: 14 }, (_, i) => ({
      name: `web${String(i + 1).padStart(2, '0')}`,
      ...(i % 4 === 3 ? BACK : DEMO),
      status: i % 3 === 0 ? 'INACTIVE' : 'ACTIVE',
      cpu: i % 2 ? 2 : 4,
      ram: i % 2 ? 4 : 8,
      ...(i % 2 ? { tags: { app: 'shop', tier: i % 4 === 1 ? 'front' : 'back' } } : {}),
      ...(i === 5 ? { description: 'clicked together in the console' } : {}),
    })),
    ...Array.from({ length: 8 }, (_, i) => ({
      name: `sb${String(i + 1).padStart(2, '0')}`,
      ...SANDBOX,
      status: i % 2 ? 'INACTIVE' : 'ACTIVE',
      tags: { team: 'sandbox' },
    })),
    { name: 'web01', ...SANDBOX }, // same name as DEMO's web01: names are unique per service only
    { name: 'win01', ...DEMO, productCode: 'win2022', ram: 8, environment: 'PRODUCTION', description: 'reporting server' },
  ],
  postgresql: [
    sample('databases.PostgreSQL', { name: 'shopdb01' }),
    sample('databases.PostgreSQL', { name: 'shopdb02', status: 'INACTIVE' }),
    sample('databases.PostgreSQL', { name: 'orders01', topology: 'HA', nodePrefix: 'ORDPG', tls: true, trigram: 'ORD' }),
  ],
  mariadb: [
    sample('databases.MariaDB', { name: 'billing01' }),
    sample('databases.MariaDB', { name: 'billing02', topology: 'CLUSTER', instanceCount: 3, tlsEnabled: true }),
  ],
  redis: [
    sample('databases.Redis', { name: 'CACHE01' }),
    sample('databases.Redis', { name: 'CACHE02', status: 'INACTIVE' }),
    sample('databases.Redis', { name: 'CACHE03', ...SANDBOX }),
  ],
  opensearch: [sample('databases.OpenSearch', { name: 'logs01' })],
  'apache-kafka': [sample('messaging.Kafka', { name: 'events01' })],
  overdrive: [sample('storage.Overdrive', { name: 'team-share01' })],
};

/** Resources the importer must leave out, and a word of the reason it must give. */
export const unadoptable: { collection: string; seed: Seed; reason: RegExp }[] = [
  { collection: 'instances', seed: { name: 'broken01', ...DEMO, status: 'ERROR' }, reason: /status ERROR/ },
  { collection: 'instances', seed: { name: 'leaving01', ...DEMO, status: 'DELETING' }, reason: /being deleted/ },
  { collection: 'instances', seed: { name: 'busy01', ...DEMO }, reason: /action \d+ \(STOP_INSTANCE\) is IN_PROGRESS/ },
  {
    collection: 'instances',
    seed: { name: 'owned01', ...DEMO, tags: { 'pulumi-itcare-owner': 'acme/shop/prod/0123456789abcdef' } },
    reason: /managed by the Pulumi stack acme\/shop\/prod/,
  },
  {
    collection: 'postgresql',
    seed: sample('databases.PostgreSQL', { name: 'newdb01', status: 'CREATING' }),
    reason: /still being created/,
  },
];

/** Seeds the estate; busy01 gets a stop that runs for ten minutes (the emulator's timers end with it). */
export async function seedEstate(em: SpawnedEmulator): Promise<void> {
  const seed = (collection: string, body: Seed) =>
    fetch(`http://127.0.0.1:${em.port}/_emulator/resources/${collection}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => {
      if (!r.ok) throw new Error(`seeding ${collection} ${body.name}: HTTP ${r.status} ${await r.text()}`);
      return (await r.json()) as StoredInstance;
    });
  for (const [collection, seeds] of Object.entries(adoptable)) for (const s of seeds) await seed(collection, s);
  for (const { collection, seed: s } of unadoptable) await seed(collection, s);
  const busy = (await em.control.instances()).find((i) => i.name === 'busy01')!;
  await em.control.timing({ durationMs: 600_000 });
  await sdkClient(em).compute.instances.operate(busy.id, 'stop', {});
  await em.control.timing({ durationMs: 50 });
}

export const adoptableCount = () => Object.values(adoptable).flat().length;

/** Runs the built bin (dist/importer/cli.js) with the emulator's credentials in ITCARE_*. */
export function runImporter(
  em: SpawnedEmulator,
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    ITCARE_URL: em.url,
    ITCARE_OIDC_ISSUER: em.issuer,
    ITCARE_CLIENT_ID: em.clientId,
    ITCARE_CLIENT_SECRET: em.clientSecret,
    ...extraEnv,
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(REPO, 'dist', 'importer', 'cli.js'), ...args],
      { env, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) || 1 : 0, stdout, stderr });
      },
    );
  });
}

/**
 * A Pulumi TypeScript project in a temporary directory whose node_modules is this checkout's (where
 * `pulumi-itcare` links to the checkout): the generated program is compiled and run as users would.
 */
export function tempProject(name: string): { dir: string; dispose(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `itcare-${name}-`));
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(
    path.join(dir, 'Pulumi.yaml'),
    `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, skipLibCheck: true },
      files: ['index.ts'],
    }),
  );
  return { dir, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * An estate as the importer reads it, without ITCare: one resource of each kind of the catalogue
 * (from catalogSamples), every other one stopped, plus two instances with the same name in two
 * services. For the writers' tests.
 */
export function sampleEstate(): Estate {
  const { kinds } = importKinds();
  const demo = { id: 1001, name: 'Demo', key: 'DEMO' };
  const sandbox = { id: 1002, name: 'Sandbox', key: 'SANDBOX' };
  const entries: EstateEntry[] = kinds.map((kind, i) => {
    const model: Record<string, unknown> = {
      id: 500 + i,
      ...sampleOf(kind.key).args,
      status: i % 2 ? 'INACTIVE' : 'ACTIVE',
      tags: { app: 'shop', 'cost-centre': 'CC 42' },
    };
    const name = String(model.name);
    const secrets = Object.fromEntries(((kind.d.secrets ?? []) as string[]).map((f) => [f, secretReference(kind.d, name, f)]));
    return { kind, service: demo, id: 500 + i, name, pulumiName: name, inputs: currentInputs(kind.d, model), secrets };
  });
  const vm = kinds.find((k) => k.key === 'compute.Instance')!;
  for (const [service, networkId, area] of [
    [demo, 2001, 'EB-QA'],
    [sandbox, 2003, 'ET-QA'],
  ] as const) {
    const model = {
      id: service.id * 10,
      name: 'twin01',
      serviceId: service.id,
      networkId,
      area,
      productCode: 'deb12',
      cpu: 2,
      ram: 4,
      status: 'ACTIVE',
    };
    entries.push({
      kind: vm,
      service,
      id: model.id,
      name: 'twin01',
      pulumiName: `twin01-${service.key.toLowerCase()}`,
      inputs: currentInputs(vm.d, model),
      secrets: {},
    });
  }
  const excluded = [{ kind: vm, service: demo, id: 9, name: 'broken01', reason: 'status ERROR: ITCare marked it failed' }];
  return { services: [demo, sandbox], entries, excluded, skippedKinds: [] };
}
