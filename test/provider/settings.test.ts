import { apiClient, configure } from '../../provider/settings';
import { defaultDurationsFile } from '../../sdk/actionDurations';
import { ConfigurationError } from '../../sdk/errors';

/** The request timeout reaches the provider's client from stack config (itcare:timeout) or ITCARE_TIMEOUT. */

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });
const creds = { 'itcare:clientId': 'id', 'itcare:clientSecret': 'secret-value' };

afterEach(() => { delete process.env.ITCARE_TIMEOUT; });

it('itcare:timeout sets the client timeout; ITCARE_TIMEOUT is the fallback; 20 s otherwise', () => {
  configure(config({ ...creds, 'itcare:timeout': '2s' }));
  expect(apiClient().options.timeoutMs).toBe(2000);

  process.env.ITCARE_TIMEOUT = '750ms';
  configure(config(creds));
  expect(apiClient().options.timeoutMs).toBe(750);

  delete process.env.ITCARE_TIMEOUT;
  configure(config(creds));
  expect(apiClient().options.timeoutMs).toBe(20_000);
});

it('a malformed itcare:timeout is a configuration error naming the key', () => {
  configure(config({ ...creds, 'itcare:timeout': 'forever' }));
  expect(() => apiClient()).toThrow(ConfigurationError);
  expect(() => apiClient()).toThrow('itcare:timeout must be a duration such as 10s, 500ms or 1m (a bare number is seconds): got "forever"');
});

it('itcare:actionDurations moves the file of learned action durations, or turns it off', () => {
  const saved = process.env.ITCARE_ACTION_DURATIONS;
  try {
    configure(config({ ...creds, 'itcare:actionDurations': 'off' }));
    expect(defaultDurationsFile()).toBeUndefined();
    configure(config({ ...creds, 'itcare:actionDurations': '/var/cache/itcare.json' }));
    expect(defaultDurationsFile()).toBe('/var/cache/itcare.json');
  } finally {
    process.env.ITCARE_ACTION_DURATIONS = saved;
  }
});
