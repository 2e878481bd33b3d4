import { apiCall, getToken, useEmulator } from '../helpers/emulator';

/**
 * The emulator's request log is what tests count requests with: it must hold no secret a client put
 * in a URL (query keys that look secret are redacted), no header and no body.
 */

const em = useEmulator();

test('query keys that look secret are redacted; other query values, method, path and status are kept', async () => {
  const { access_token: token } = await getToken(em);
  await em.control.clearLog();
  const query = 'names=web01&access_token=tok-123&client_secret=sec-456&Password=pw-789&client_assertion=as-000&page=0';
  expect((await apiCall(em, token, 'GET', `/compute/instances?${query}`)).status).toBe(200);

  const log = await em.control.log();
  expect(log).toHaveLength(1);
  expect(log[0]).toMatchObject({
    method: 'GET',
    path: '/itcare/compute/instances',
    status: 200,
    dryRun: false,
    query: {
      names: 'web01',
      page: '0',
      access_token: '[redacted]',
      client_secret: '[redacted]',
      Password: '[redacted]',
      client_assertion: '[redacted]',
    },
  });
  const text = JSON.stringify(log);
  for (const secret of ['tok-123', 'sec-456', 'pw-789', 'as-000', token]) expect(text).not.toContain(secret);
});

test('a token request is logged with its grant type, never its credentials', async () => {
  await getToken(em);
  const [entry] = await em.control.log();
  expect(entry).toMatchObject({ method: 'POST', status: 200, grantType: 'client_credentials' });
  expect(JSON.stringify(entry)).not.toContain(em.clientSecret);
  expect(Object.keys(entry).sort()).toEqual(['at', 'dryRun', 'grantType', 'method', 'path', 'query', 'status']);
});
