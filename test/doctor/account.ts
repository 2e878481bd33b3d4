import { catalog } from '../../sdk/resources';
import type { LogEntry } from '../../emulator/requestLog';
import { sampleOf } from '../helpers/catalogSamples';
import { apiCall, demoInstance, getToken, type SpawnedEmulator } from '../helpers/emulator';

/**
 * An account as the doctor meets it: one resource of every kind (two more instances in another
 * service, for paging and filters), seeded out of band like a console user's (a snapshot taken through
 * the API), and one instance whose
 * create is still running (an action in flight). Only then is the log cleared: what the log holds
 * afterwards is the doctor's alone.
 */
export async function seedAccount(em: SpawnedEmulator): Promise<void> {
  const ids: Record<string, unknown> = {};
  const control = `http://127.0.0.1:${em.port}/_emulator/resources`;
  for (const [key, d] of Object.entries(catalog)) {
    // The control route seeds int64 ids only: a snapshot (id 123-snap-1) is taken through the API below.
    if (key === 'compute.Snapshot') continue;
    const args: Record<string, unknown> = { ...sampleOf(key).args };
    for (const s of d.secrets ?? []) delete args[s];
    for (const [f, v] of Object.entries(args)) if (v && typeof v === 'object' && '$ref' in v) args[f] = ids[(v as { $ref: string }).$ref];
    if (Array.isArray(args.members)) args.members = [ids['compute.Instance']];
    const body = {
      serviceId: 1001,
      ...args,
      name: String(args.name ?? `${d.kind.toLowerCase()}01`),
      ...('tags' in d.create.shape ? { tags: { team: 'doctor' } } : {}),
    };
    const res = await fetch(`${control}/${d.path.split('/').pop()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`seeding ${key}: HTTP ${res.status} ${await res.text()}`);
    ids[key] = ((await res.json()) as { id: unknown }).id;
  }
  await em.control.seedInstance({ name: 'sandbox01', serviceId: 1002, networkId: 2003, tags: { team: 'other' } });
  const { access_token } = await getToken(em);
  const snapshot = await apiCall(em, access_token, 'POST', `/compute/instances/${String(ids['compute.Instance'])}/snapshots`, {
    description: 'before the doctor',
  });
  if (snapshot.status !== 202) throw new Error(`snapshot: HTTP ${snapshot.status} ${snapshot.text}`);
  for (
    let waited = 0;
    (await apiCall(em, access_token, 'GET', '/actions')).body.some((a: { status: string }) => !['SUCCESS', 'ERROR'].includes(a.status));
    waited += 20
  ) {
    if (waited > 5000) throw new Error('the snapshot action still runs after 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  await em.control.timing({ durationMs: 600_000 });
  const created = await apiCall(em, access_token, 'POST', '/compute/instances', demoInstance('flight01', { tags: { team: 'doctor' } }));
  if (created.status !== 202) throw new Error(`in-flight create: HTTP ${created.status} ${created.text}`);
  await em.control.clearLog();
}

/** Log entries that are neither a GET, a dry run nor a token request: what the doctor must never send. */
export function mutations(log: LogEntry[]): LogEntry[] {
  return log.filter((e) => e.method !== 'GET' && !e.dryRun && !e.path.endsWith('/protocol/openid-connect/token'));
}
