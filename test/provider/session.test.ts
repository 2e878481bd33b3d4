import { instances } from '../../sdk/resources/instance';
import { ResourceKind } from '../../provider/resourceKind';
import { ProviderSession, session } from '../../provider/session';
import { apiClient, configure } from '../../provider/settings';
import { Validation } from '../../provider/validate';

/**
 * What a provider process knows lives in one object: its settings and their client, and what check
 * and diff remembered in this engine pass. The kinds hold none of it: a validation over another
 * session remembers nothing of this one's.
 */
const instance = ResourceKind.of(instances);
const web = (name: string) => ({ name, serviceId: 1001, __owner: `o/p/s/${name}` });

test("configure() and the API client are the session's", () => {
  configure({
    get: (k) => ({ 'itcare:url': 'https://itcare.example.test/itcare', 'itcare:clientId': 'id', 'itcare:clientSecret': 'secret' })[k],
  });
  expect(session.config?.get('itcare:clientId')).toBe('id');
  expect(session.client).toBeUndefined(); // built on first use
  const client = apiClient();
  expect(session.client).toBe(client);
  configure({ get: () => undefined });
  expect(session.client).toBeUndefined(); // new settings, a new client
});

test('the names claimed and the names held by a resource itself are remembered by the session, not the kind', () => {
  expect(instance.validation.claimName('t1', web('sess01'))).toBeUndefined();
  expect(instance.validation.claimName('t1', web('sess01'))).toMatchObject({ property: 'name' });
  const other = new Validation(instance, new ProviderSession());
  expect(other.claimName('t1', web('sess01'))).toBeUndefined(); // another process: another pass
  instance.validation.noteSelfHeld('t1', web('sess02'), web('sess02'));
  expect(session.selfHeld.size).toBeGreaterThan(0);
  expect(other.takeSelfHeld('t1', web('sess02'))).toBe(false);
  expect(instance.validation.takeSelfHeld('t1', web('sess02'))).toBe(true);
  expect(instance.validation.takeSelfHeld('t1', web('sess02'))).toBe(false); // once
});

test("the validation cache is built on first use and is the session's", () => {
  const fresh = new ProviderSession();
  expect(fresh.validated).toBe(fresh.validated);
  expect(fresh.validated).not.toBe(session.validated);
});
