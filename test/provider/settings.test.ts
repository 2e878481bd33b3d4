import { configure as engineConfigure } from '../../provider/engine';
import { apiClient, configure, serverValidation, target } from '../../provider/settings';
import { defaultDurationsFile } from '../../sdk/actionDurations';
import { ConfigurationError } from '../../sdk/errors';

/**
 * Provider settings: stack config first, ITCARE_* variables second; the secret never in what
 * identifies the target; a clear error naming both ways to give credentials.
 */

const VARS = ['ITCARE_URL', 'ITCARE_OIDC_ISSUER', 'ITCARE_CLIENT_ID', 'ITCARE_CLIENT_SECRET', 'ITCARE_SERVER_VALIDATION', 'ITCARE_TIMEOUT'];
const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
const config = (values: Record<string, string>) => configure({ get: (k) => values[k] });

beforeEach(() => {
  for (const k of VARS) delete process.env[k];
  config({});
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

it('without credentials, names the stack config keys and the variables to set', () => {
  expect(() => apiClient()).toThrow(ConfigurationError);
  expect(() => apiClient()).toThrow(
    /missing: itcare:clientId \(`pulumi config set itcare:clientId <id>`, or ITCARE_CLIENT_ID\) and itcare:clientSecret \(`pulumi config set --secret itcare:clientSecret <secret>`, or ITCARE_CLIENT_SECRET\)$/,
  );
  process.env.ITCARE_CLIENT_ID = 'env-id'; // one of the two is not enough, and the message names the other
  expect(() => apiClient()).toThrow(ConfigurationError);
  expect(() => apiClient()).toThrow(
    /missing: itcare:clientSecret \(`pulumi config set --secret itcare:clientSecret <secret>`, or ITCARE_CLIENT_SECRET\)$/,
  );
});

it('stack config wins over the environment, and configure() starts a new client', () => {
  Object.assign(process.env, {
    ITCARE_URL: 'https://env.example.test/itcare',
    ITCARE_CLIENT_ID: 'env-id',
    ITCARE_CLIENT_SECRET: 'env-secret-1',
  });
  const fromEnv = apiClient();
  expect(fromEnv.options).toMatchObject({
    url: 'https://env.example.test/itcare',
    clientId: 'env-id',
    clientSecret: 'env-secret-1',
    userAgent: 'pulumi-itcare-provider',
  });
  expect(apiClient()).toBe(fromEnv); // one client per provider process

  config({
    'itcare:url': 'https://stack.example.test/itcare',
    'itcare:oidcIssuer': 'https://idp.example.test/realms/cloud',
    'itcare:clientId': 'stack-id',
    'itcare:clientSecret': 'stack-secret-2',
  });
  const fromStack = apiClient();
  expect(fromStack).not.toBe(fromEnv);
  expect(fromStack.options).toMatchObject({
    url: 'https://stack.example.test/itcare',
    issuer: 'https://idp.example.test/realms/cloud',
    clientId: 'stack-id',
    clientSecret: 'stack-secret-2',
  });
});

it('the target names the endpoint and client id, never the secret', () => {
  expect(target()).toBe('default|');
  config({ 'itcare:url': 'https://stack.example.test/itcare', 'itcare:clientId': 'stack-id', 'itcare:clientSecret': 'stack-secret-3' });
  expect(target()).toBe('https://stack.example.test/itcare|stack-id');
});

it('server validation is on unless turned off (false, 0, no, off in any case); stack config first', () => {
  expect(serverValidation()).toBe(true);
  for (const off of ['false', '0', 'no', 'OFF']) {
    process.env.ITCARE_SERVER_VALIDATION = off;
    expect(serverValidation()).toBe(false);
  }
  process.env.ITCARE_SERVER_VALIDATION = 'true';
  expect(serverValidation()).toBe(true);
  config({ 'itcare:serverValidation': 'off' });
  expect(serverValidation()).toBe(false);
});

it('server validation is turned off only by the whole word: a value that merely starts or ends with one keeps it on', () => {
  for (const on of ['nope', 'offline', 'knock-off', '10', 'unfalse']) {
    process.env.ITCARE_SERVER_VALIDATION = on;
    expect([on, serverValidation()]).toEqual([on, true]);
  }
});

it("the engine's configure (what the dynamic provider calls) feeds these settings", () => {
  engineConfigure({
    config: {
      get: (k: string) => (({ 'itcare:url': 'https://cfg.example.test/itcare', 'itcare:clientId': 'cfg-id' }) as Record<string, string>)[k],
    },
  });
  expect(target()).toBe('https://cfg.example.test/itcare|cfg-id');
});

const creds = { 'itcare:clientId': 'id', 'itcare:clientSecret': 'secret-value' };

it('itcare:timeout sets the client timeout; ITCARE_TIMEOUT is the fallback; 20 s otherwise', () => {
  config({ ...creds, 'itcare:timeout': '2s' });
  expect(apiClient().options.timeoutMs).toBe(2000);

  process.env.ITCARE_TIMEOUT = '750ms';
  config(creds);
  expect(apiClient().options.timeoutMs).toBe(750);

  delete process.env.ITCARE_TIMEOUT;
  config(creds);
  expect(apiClient().options.timeoutMs).toBe(20_000);
});

it('a malformed itcare:timeout is a configuration error naming the key', () => {
  config({ ...creds, 'itcare:timeout': 'forever' });
  expect(() => apiClient()).toThrow(ConfigurationError);
  expect(() => apiClient()).toThrow('itcare:timeout must be a duration such as 10s, 500ms or 1m (a bare number is seconds): got "forever"');
});

it('itcare:actionDurations moves the file of learned action durations, or turns it off; unset, ITCARE_ACTION_DURATIONS stands', () => {
  const saved = process.env.ITCARE_ACTION_DURATIONS;
  try {
    config({ ...creds, 'itcare:actionDurations': 'off' });
    expect(defaultDurationsFile()).toBeUndefined();
    config({ ...creds, 'itcare:actionDurations': '/var/cache/itcare.json' });
    expect(defaultDurationsFile()).toBe('/var/cache/itcare.json');
    // Without the key, the variable is the operator's to set: the provider leaves it as it is.
    process.env.ITCARE_ACTION_DURATIONS = '/srv/ci/durations.json';
    config(creds);
    expect(process.env.ITCARE_ACTION_DURATIONS).toBe('/srv/ci/durations.json');
    expect(defaultDurationsFile()).toBe('/srv/ci/durations.json');
  } finally {
    if (saved === undefined) delete process.env.ITCARE_ACTION_DURATIONS;
    else process.env.ITCARE_ACTION_DURATIONS = saved;
  }
});
