import { ITCareClient } from '../../sdk/client';
import { DEFAULT_ISSUER, DEFAULT_TIMEOUT_MS, DEFAULT_URL, parseTimeout } from '../../sdk/config';
import { ConfigurationError } from '../../sdk/errors';

describe('client options', () => {
  it('defaults to the public ITCare endpoints', () => {
    const c = new ITCareClient({ clientId: 'id', clientSecret: 'secret-value' });
    expect(c.options.url).toBe(DEFAULT_URL);
    expect(c.options.issuer).toBe(DEFAULT_ISSUER);
    // The values themselves, as the getting-started page gives them (a constant compared with itself
    // would follow any typo in it).
    expect(c.options.url).toBe('https://api.cegedim.cloud/itcare');
    expect(c.options.issuer).toBe('https://accounts.cegedim.cloud/auth/realms/cloud');
  });

  it('reads ITCARE_* variables, overrides win', () => {
    const env = {
      ITCARE_URL: 'https://api.example.test/itcare/',
      ITCARE_OIDC_ISSUER: 'https://idp.example.test/realms/x',
      ITCARE_CLIENT_ID: 'env-id',
      ITCARE_CLIENT_SECRET: 'env-secret',
    };
    const c = ITCareClient.fromEnv({ clientId: 'override' }, env);
    expect(c.options).toMatchObject({
      url: 'https://api.example.test/itcare',
      issuer: 'https://idp.example.test/realms/x',
      clientId: 'override',
      clientSecret: 'env-secret',
    });
  });

  it('refuses http:// except on loopback', () => {
    expect(() => new ITCareClient({ url: 'http://api.example.test/itcare', clientId: 'a', clientSecret: 'b' })).toThrow(ConfigurationError);
    expect(() => new ITCareClient({ issuer: 'http://10.0.0.1/auth/realms/cloud', clientId: 'a', clientSecret: 'b' })).toThrow(
      /^issuer must use https:\/\/ .*got http:\/\/10\.0\.0\.1$/,
    );
    expect(
      () =>
        new ITCareClient({
          url: 'http://127.0.0.1:8080/itcare',
          issuer: 'http://localhost:8080/auth/realms/cloud',
          clientId: 'a',
          clientSecret: 'b',
        }),
    ).not.toThrow();
    // Loopback excuses plain http only, not any scheme.
    expect(
      () =>
        new ITCareClient({
          url: 'ftp://127.0.0.1:8080/itcare',
          issuer: 'https://idp.example.test/realms/x',
          clientId: 'a',
          clientSecret: 'b',
        }),
    ).toThrow(/url must use https:\/\/.*got ftp:\/\/127\.0\.0\.1:8080/);
  });

  it('names the missing credential and the variable to set, without echoing values', () => {
    // The checks in catch must run, i.e. the second call must throw.
    expect.assertions(4);
    expect(() => ITCareClient.fromEnv({}, {})).toThrow(/clientId is required \(or set ITCARE_CLIENT_ID\)/);
    try {
      ITCareClient.fromEnv({ clientSecret: 'do-not-print-me' }, {});
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigurationError);
      expect((e as Error).message).not.toContain('do-not-print-me');
      expect((e as ConfigurationError).code).toBe('ITCARE_CONFIG');
    }
  });

  it('takes every credential from the environment when nothing overrides it', () => {
    const env = {
      ITCARE_URL: 'https://api.example.test/itcare',
      ITCARE_OIDC_ISSUER: 'https://idp.example.test/realms/x',
      ITCARE_CLIENT_ID: 'env-id',
      ITCARE_CLIENT_SECRET: 'env-secret',
    };
    expect(ITCareClient.fromEnv({}, env).options).toMatchObject({
      url: env.ITCARE_URL,
      issuer: env.ITCARE_OIDC_ISSUER,
      clientId: 'env-id',
      clientSecret: 'env-secret',
    });
  });

  it('invalid options name each field and rule, or "options" for the whole object', () => {
    expect(() => new ITCareClient({ clientId: 'id', clientSecret: 'secret-value', timeoutMs: -1, retry: { maxAttempts: 0 } })).toThrow(
      /^Invalid ITCare client options: timeoutMs: .+; retry\.maxAttempts: .+$/,
    );
    expect(() => new ITCareClient('not options' as never)).toThrow(/^Invalid ITCare client options: options: .+/);
  });

  it('trims trailing slashes of the API and issuer URLs', () => {
    const c = new ITCareClient({
      url: 'https://api.example.test/itcare//',
      issuer: 'https://idp.example.test/realms/x/',
      clientId: 'id',
      clientSecret: 'secret-value',
    });
    expect([c.options.url, c.options.issuer]).toEqual(['https://api.example.test/itcare', 'https://idp.example.test/realms/x']);
  });

  it('retry.maxRetryAfterMs defaults to 60 s, also when other retry options are given', () => {
    expect(new ITCareClient({ clientId: 'id', clientSecret: 'secret-value' }).options.retry.maxRetryAfterMs).toBe(60_000);
    const partial = new ITCareClient({ clientId: 'id', clientSecret: 'secret-value', retry: { maxAttempts: 2 } });
    expect(partial.options.retry).toEqual({ maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 });
  });

  it('the request timeout: 20 s by default, ITCARE_TIMEOUT in seconds or with a unit, a clear error otherwise', () => {
    const creds = { ITCARE_CLIENT_ID: 'id', ITCARE_CLIENT_SECRET: 'secret-value' };
    expect(ITCareClient.fromEnv({}, creds).options.timeoutMs).toBe(DEFAULT_TIMEOUT_MS);
    expect(DEFAULT_TIMEOUT_MS).toBe(20_000);
    expect(ITCareClient.fromEnv({}, { ...creds, ITCARE_TIMEOUT: '5' }).options.timeoutMs).toBe(5000);
    expect(ITCareClient.fromEnv({}, { ...creds, ITCARE_TIMEOUT: '1.5s' }).options.timeoutMs).toBe(1500);
    expect(ITCareClient.fromEnv({}, { ...creds, ITCARE_TIMEOUT: '250ms' }).options.timeoutMs).toBe(250);
    expect(ITCareClient.fromEnv({}, { ...creds, ITCARE_TIMEOUT: '2m' }).options.timeoutMs).toBe(120_000);
    expect(ITCareClient.fromEnv({ timeoutMs: 700 }, { ...creds, ITCARE_TIMEOUT: '5' }).options.timeoutMs).toBe(700);
    expect(() => ITCareClient.fromEnv({}, { ...creds, ITCARE_TIMEOUT: 'soon' })).toThrow(
      'ITCARE_TIMEOUT must be a duration such as 10s, 500ms or 1m (a bare number is seconds): got "soon"',
    );
    expect(() => ITCareClient.fromEnv({}, { ...creds, ITCARE_TIMEOUT: '0' })).toThrow(ConfigurationError);
  });
});

describe('client option bounds and defaults', () => {
  const creds = { clientId: 'id', clientSecret: 'secret-value' };

  it('retry: 1 to 20 attempts, delays from 0 ms; anything else is refused naming the field', () => {
    for (const maxAttempts of [1, 20])
      expect(new ITCareClient({ ...creds, retry: { maxAttempts } }).options.retry.maxAttempts).toBe(maxAttempts);
    for (const maxAttempts of [0, 21]) expect(() => new ITCareClient({ ...creds, retry: { maxAttempts } })).toThrow(/retry\.maxAttempts/);
    for (const field of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
      expect(new ITCareClient({ ...creds, retry: { [field]: 0 } }).options.retry[field]).toBe(0);
      expect(new ITCareClient({ ...creds, retry: { [field]: 1500 } }).options.retry[field]).toBe(1500);
      expect(() => new ITCareClient({ ...creds, retry: { [field]: -1 } })).toThrow(new RegExp(`retry\\.${field}`));
    }
  });

  it('an empty credential is as missing as an absent one, and each names its variable', () => {
    expect(() => new ITCareClient({ clientId: '', clientSecret: 'secret-value' })).toThrow(/^Invalid ITCare client options: clientId: /);
    expect(() => new ITCareClient({ clientId: 'id', clientSecret: '' })).toThrow(/^Invalid ITCare client options: clientSecret: /);
    expect(() => ITCareClient.fromEnv({ clientId: 'id' }, {})).toThrow(/clientSecret is required \(or set ITCARE_CLIENT_SECRET\)/);
  });

  it('scope, Accept and User-Agent defaults', () => {
    expect(new ITCareClient(creds).options).toMatchObject({
      scope: 'openid',
      accept: 'application/vnd.cegedim-it.v1+json, application/json;q=0.9',
      userAgent: 'pulumi-itcare-sdk',
    });
  });

  it.each([
    ['http://127.10.200.3:8080/itcare', true],
    ['http://[::1]:8080/itcare', true],
    ['http://LOCALHOST:8080/itcare', true],
    ['http://localhost.evil.example/itcare', false],
    ['http://evil.localhost/itcare', false],
    ['http://127.0.0.1.nip.io/itcare', false],
  ])('plain http to %s is accepted: %s (loopback only)', (url, accepted) => {
    const make = () => new ITCareClient({ ...creds, url });
    if (accepted) expect(make).not.toThrow();
    else expect(make).toThrow(/^url must use https:\/\//);
  });
});

describe('parseTimeout', () => {
  it('reads blank as unset, a duration as a whole (trimmed), and names the source of anything else', () => {
    expect(parseTimeout(undefined, 'ITCARE_TIMEOUT')).toBeUndefined();
    expect(parseTimeout('   ', 'ITCARE_TIMEOUT')).toBeUndefined();
    expect(parseTimeout(' 1.5 m ', 'ITCARE_TIMEOUT')).toBe(90_000);
    expect(parseTimeout('250ms', 'ITCARE_TIMEOUT')).toBe(250);
    expect(parseTimeout('1ms', 'ITCARE_TIMEOUT')).toBe(1);
    expect(parseTimeout('30', 'ITCARE_TIMEOUT')).toBe(30_000);
    for (const bad of ['10s later', 'in 10s', 'x', '0']) {
      expect(() => parseTimeout(bad, 'itcare:timeout')).toThrow(
        `itcare:timeout must be a duration such as 10s, 500ms or 1m (a bare number is seconds): got ${JSON.stringify(bad)}`,
      );
    }
  });
});
