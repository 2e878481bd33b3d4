import { unknownValue } from '@pulumi/pulumi/runtime';
import { instances } from '../../sdk/resources/instance';
import { DEFAULT_TIMEOUTS, UNKNOWN, durationMs, isUnknown, normalize, sameValue } from '../../provider/inputs';
import { ResourceKind } from '../../provider/resourceKind';

const instanceKind = ResourceKind.of(instances);

const valid = { name: 'web01', serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: 2, ram: 4 };

describe('provider inputs', () => {
  it('accepts valid inputs and keeps __provider', () => {
    const r = instanceKind.validation.schemaFailures({ ...valid, __provider: 'x', powerState: 'running', timeouts: { create: '45m' } });
    expect(r.failures).toEqual([]);
    expect(r.inputs.__provider).toBe('x');
  });

  it('names the resource, the property and what is allowed', () => {
    const r = instanceKind.validation.schemaFailures({ ...valid, cpu: 128, powerState: 'paused', nmae: 'typo' });
    const byProp = Object.fromEntries(r.failures.map((f) => [f.property, f.reason]));
    expect(byProp.cpu).toMatch(/^Instance web01: cpu: .*64/);
    expect(byProp.powerState).toMatch(/allowed: "running", "stopped"/);
    expect(byProp['(inputs)']).toMatch(/unknown property nmae/);
    expect(instanceKind.validation.schemaFailures({ ...valid, name: 'Web_01' }).failures[0]).toMatchObject({
      property: 'name',
      reason: expect.stringMatching(/lower-case letters/),
    });
    expect(instanceKind.validation.schemaFailures({ ...valid, timeouts: { create: 'soon' } }).failures[0].reason).toMatch(/"30m"/);
    // The whole value is a duration, not a text that ends with one.
    expect(instanceKind.validation.schemaFailures({ ...valid, timeouts: { create: 'in 90s' } }).failures[0]).toMatchObject({
      reason: expect.stringMatching(/"30m"/),
    });
  });

  it('does not fail on values that are unknown during preview', () => {
    expect(instanceKind.validation.schemaFailures({ ...valid, networkId: UNKNOWN, serviceId: UNKNOWN }).failures).toEqual([]);
    expect(isUnknown({ a: [1, { b: UNKNOWN }] })).toBe(true);
    expect(isUnknown(valid)).toBe(false);
  });

  it('compares normalised values', () => {
    expect(sameValue('2', 2)).toBe(true);
    expect(sameValue(null, undefined)).toBe(true);
    expect(sameValue({ b: 1, a: '2' }, { a: 2, b: 1, c: null })).toBe(true);
    expect(sameValue('deb12', 'deb11')).toBe(false);
    expect(normalize({ z: 1, a: [null, '3'] })).toEqual({ a: [undefined, 3], z: 1 });
  });

  it('reads durations', () => {
    expect(durationMs('90s', 1)).toBe(90_000);
    expect(durationMs('30m', 1)).toBe(1_800_000);
    expect(durationMs(2, 1)).toBe(2000);
    expect(durationMs(undefined, 7)).toBe(7);
  });

  it('a timeout is a whole duration: digits, an optional fraction, a unit', () => {
    const says = (create: unknown) =>
      instanceKind.validation.schemaFailures({ ...valid, timeouts: { create } }).failures.map((f) => f.property);
    for (const ok of ['90s', '250ms', '1.5h', '1.25h', '120m', 45]) expect([ok, says(ok)]).toEqual([ok, []]);
    for (const bad of ['90', 's', '.5s', '1.s', '1.5.5s', '1.xs', '90sx', ' 90s', 'x90s', '9 0s', 0, -5])
      expect([bad, says(bad)]).toEqual([bad, ['timeouts.create']]);
    expect(instanceKind.validation.schemaFailures({ ...valid, timeouts: { update: '1h', delete: '10m' } }).failures).toEqual([]);
    expect(says('soon')).toEqual(['timeouts.create']);
    // Read the same way: what the schema refuses never becomes a deadline, the fallback stands.
    expect(durationMs('1.5h', 0)).toBe(5_400_000);
    expect(durationMs('1.25h', 0)).toBe(4_500_000);
    expect(durationMs('250ms', 0)).toBe(250);
    expect(durationMs('12s', 0)).toBe(12_000);
    for (const bad of ['90sx', 'x90s', '1.xs', '.5s']) expect([bad, durationMs(bad, 7)]).toEqual([bad, 7]);
  });

  it('defaults: 30 minutes to create, 20 to update or delete', () => {
    expect(DEFAULT_TIMEOUTS).toEqual({ create: 1_800_000, update: 1_200_000, delete: 1_200_000 });
  });

  it('UNKNOWN is the very value the Pulumi engine sends for a value not known yet at preview', () => {
    expect(UNKNOWN).toBe(unknownValue);
    expect(isUnknown({ name: unknownValue })).toBe(true);
    expect(isUnknown('')).toBe(false);
  });
});
