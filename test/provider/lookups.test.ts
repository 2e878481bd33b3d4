import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as pulumi from '@pulumi/pulumi';
import { getInstance, getNetwork, getNetworkOutput, getProductsOutput, getService, getServiceOutput } from '../../provider/lookups';
import { ConfigurationError, LookupNotFoundError } from '../../sdk/errors';
import { useEmulator } from '../helpers/emulator';
import { rejection } from '../helpers/sdk';

/**
 * The program-side lookups (provider/lookups.ts) outside the CLI: credentials from the program's
 * own stack config (what `pulumi.Config` reads) or the ITCARE_* variables, one client per settings,
 * the Output forms taking Outputs, and results that are plain data. test/e2e/lookups.test.ts runs
 * them in a program under the real CLI.
 */

const em = useEmulator();
const VARS = ['ITCARE_URL', 'ITCARE_OIDC_ISSUER', 'ITCARE_CLIENT_ID', 'ITCARE_CLIENT_SECRET', 'ITCARE_TIMEOUT'];
const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));

/** What the language host gives a program: the stack's config, secrets decrypted. */
function stackConfig(values: Record<string, string>): void {
  pulumi.runtime.setAllConfig(
    values,
    Object.keys(values).filter((k) => k.endsWith('clientSecret')),
  );
}
const emulatorConfig = () => ({
  'itcare:url': em.url,
  'itcare:oidcIssuer': em.issuer,
  'itcare:clientId': em.clientId,
  'itcare:clientSecret': em.clientSecret,
});
/** The value of an Output outside a program run (the runtime's own accessor). */
const outputValue = <T>(o: pulumi.Output<T>): Promise<T> => (o as unknown as { promise(): Promise<T> }).promise();
const tokenRequests = async () => (await em.control.log()).filter((e) => e.grantType !== undefined).length;

beforeEach(() => {
  for (const k of VARS) delete process.env[k];
  stackConfig({});
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  stackConfig({});
});

it('reads the itcare:* stack config of the program; one client (one token) for every lookup of those settings', async () => {
  stackConfig(emulatorConfig());
  expect(await getService({ key: 'DEMO' })).toMatchObject({ id: 1001, name: 'Demo' });
  expect(await getNetwork({ name: 'EB-QA back', serviceId: 1001 })).toMatchObject({ id: 2002 });
  expect(await tokenRequests()).toBe(1);
  // Other settings, another client: a program run reads its config afresh.
  stackConfig({ ...emulatorConfig(), 'itcare:timeout': '15s' });
  await getService({ key: 'DEMO' });
  expect(await tokenRequests()).toBe(2);
});

it('falls back to ITCARE_* variables, stack config first', async () => {
  Object.assign(process.env, {
    ITCARE_URL: em.url,
    ITCARE_OIDC_ISSUER: em.issuer,
    ITCARE_CLIENT_ID: em.clientId,
    ITCARE_CLIENT_SECRET: em.clientSecret,
  });
  expect(await getService({ name: 'Sandbox' })).toMatchObject({ id: 1002 });
  stackConfig({ 'itcare:clientSecret': 'not-the-secret-0000' }); // the stack's value wins, and is refused
  await expect(getService({ name: 'Sandbox' })).rejects.toMatchObject({ code: 'ITCARE_AUTH_FAILED' });
});

it('without credentials, says which setting is missing and how to set it', async () => {
  stackConfig({ 'itcare:url': em.url, 'itcare:clientId': em.clientId });
  const err = await rejection(getService({ key: 'DEMO' }));
  expect(err).toBeInstanceOf(ConfigurationError);
  expect((err as Error).message).toMatch(
    /missing: itcare:clientSecret \(`pulumi config set --secret itcare:clientSecret <secret>`, or ITCARE_CLIENT_SECRET\)$/,
  );
});

it('the Output forms take Outputs (one lookup feeding another); a lookup fails by name', async () => {
  stackConfig(emulatorConfig());
  const service = getServiceOutput({ key: pulumi.output('DEMO') });
  const network = getNetworkOutput({ name: 'EB-QA front', serviceId: service.id, area: pulumi.output('EB-QA') });
  expect(await outputValue(network.id)).toBe(2001);
  expect((await outputValue(getProductsOutput({ family: 'RHEL' }))).map((p) => p.code)).toEqual(['rhel9']);
  // A failing Output form fails the program: test/e2e/lookups.test.ts. The Promise form rejects by name.
  const missing = await rejection(getNetwork({ name: 'EB-QA', serviceId: await outputValue(service.id) }));
  expect(missing).toBeInstanceOf(LookupNotFoundError);
  expect((missing as Error).message).toMatch(/^getNetwork found no network with name "EB-QA", serviceId 1001/);
});

it('results are plain data: dates as ISO strings, no token nor secret', async () => {
  stackConfig(emulatorConfig());
  const seeded = await em.control.seedInstance({ name: 'app01', serviceId: 1001 });
  const found = await getInstance({ name: 'app01', serviceId: 1001 });
  expect(found).toMatchObject({ id: seeded.id, name: 'app01', ipAddress: seeded.ipAddress });
  expect(typeof found.creationTime).toBe('string');
  expect(JSON.parse(JSON.stringify(found))).toEqual(found);
  const text = JSON.stringify(found);
  const issued = await em.control.issuedTokens();
  for (const secret of [em.clientSecret, ...issued.accessTokens, ...issued.refreshTokens]) expect(text).not.toContain(secret);
});

it('any change of the settings gives another client, however the characters are split between them', async () => {
  stackConfig(emulatorConfig());
  expect(await getService({ key: 'DEMO' })).toMatchObject({ id: 1001 });
  // The same characters, one moved from the secret to the id: other credentials, which ITCare refuses.
  stackConfig({
    ...emulatorConfig(),
    'itcare:clientId': em.clientId + em.clientSecret[0],
    'itcare:clientSecret': em.clientSecret.slice(1),
  });
  await expect(getService({ key: 'DEMO' })).rejects.toMatchObject({ code: 'ITCARE_AUTH_FAILED' });
});

it('lookups name themselves to ITCare as the program (User-Agent pulumi-itcare-program), not the provider', async () => {
  // A relay in front of the emulator's API records what reaches it (the emulator's log has no headers).
  const agents: string[] = [];
  const api = new URL(em.url);
  const relay = http.createServer((req, res) => {
    agents.push(String(req.headers['user-agent']));
    const onward = http.request(
      { host: api.hostname, port: api.port, path: req.url, method: req.method, headers: { ...req.headers, host: api.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(onward);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = relay.address() as AddressInfo;
    stackConfig({ ...emulatorConfig(), 'itcare:url': `http://127.0.0.1:${port}${api.pathname}` });
    expect(await getService({ key: 'DEMO' })).toMatchObject({ id: 1001 });
    expect(agents.length).toBeGreaterThan(0);
    expect(new Set(agents)).toEqual(new Set(['pulumi-itcare-program']));
  } finally {
    await new Promise((resolve) => relay.close(resolve));
  }
});
