import { isNamed, nameFilter, resolveServices } from '../../importer/selection';
import { sdkClient, useEmulator } from '../helpers/emulator';

/** --names and --service, checked on ITCare's answers (the emulator here ignores query filters). */
describe('nameFilter', () => {
  it('keeps names matching any pattern, drops those matching a negated one, in any case', () => {
    const f = nameFilter('web*,db0?,!web9*');
    expect(['web01', 'WEB02', 'db01', 'db010', 'web90', 'api01'].filter((n) => f.matches(n))).toEqual(['web01', 'WEB02', 'db01']);
  });

  it('keeps everything else with negations only, and everything with no list', () => {
    expect(nameFilter('!web01').matches('web02')).toBe(true);
    expect(nameFilter('!web01').matches('web01')).toBe(false);
    expect(nameFilter(undefined).matches('anything')).toBe(true);
  });

  it('reads regular-expression characters literally', () => {
    expect(nameFilter('a.b').matches('axb')).toBe(false);
    expect(nameFilter('a.b').matches('a.b')).toBe(true);
  });
});

describe('resolveServices', () => {
  const em = useEmulator();

  it('finds services by key, name or id', async () => {
    expect(isNamed({ id: 1001, name: 'Demo', key: 'DEMO' }, 'demo')).toBe(true);
    const found = await resolveServices(sdkClient(em), 'DEMO, Sandbox,1001');
    expect(found.map((s) => s.id)).toEqual([1001, 1002]);
  });

  it('refuses a service the credentials do not see, listing those they see', async () => {
    await expect(resolveServices(sdkClient(em), 'PROD')).rejects.toThrow(
      '--service: no service "PROD" among those these credentials see: DEMO (1001), SANDBOX (1002)',
    );
    await expect(resolveServices(sdkClient(em), ' , ')).rejects.toThrow(/give a service key, name or id/);
  });
});
