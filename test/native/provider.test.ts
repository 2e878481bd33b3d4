import { urnParts } from '../../native/provider';
import { settingsOf } from '../../native/configure';
import { FUNCTIONS, functionOfToken, kindOfToken, tokenOf } from '../../native/tokens';
import { catalog } from '../../sdk/resources';

test('a URN gives its stack, project, type (the last of a parent chain) and name', () => {
  expect(urnParts('urn:pulumi:dev::shop::itcare:compute:Instance::web01')).toEqual({ stack: 'dev', project: 'shop', type: 'itcare:compute:Instance', name: 'web01' });
  expect(urnParts('urn:pulumi:dev::shop::my:Tier$itcare:databases:PostgreSQL::db::x')).toEqual({ stack: 'dev', project: 'shop', type: 'itcare:databases:PostgreSQL', name: 'db::x' });
});

test('every catalogue kind has a token that leads back to it; every lookup a function token', () => {
  for (const key of Object.keys(catalog)) expect(kindOfToken(tokenOf(key))).toBe(key);
  expect(tokenOf('databases.PostgreSQL')).toBe('itcare:databases:PostgreSQL');
  expect(kindOfToken('itcare:compute:Nope')).toBeUndefined();
  for (const [name, { token }] of Object.entries(FUNCTIONS)) expect(functionOfToken(token)).toBe(name);
});

test('the engine\'s configuration variables become the settings\' keys', () => {
  const vars = new Map([['itcare:config:url', 'http://x/itcare'], ['itcare:config:clientSecret', 's']]);
  expect([...settingsOf(vars).entries()]).toEqual([['itcare:url', 'http://x/itcare'], ['itcare:clientSecret', 's']]);
});
