import { SNAPSHOT_ID, snapshots } from '../../../sdk/resources/snapshot';

/** What the snapshot descriptor declares beyond its create body: its id rule and when it is gone. */

it('a snapshot id is <instance id>-snap-<number>, each part an int64 of digits', () => {
  const fits = (id: string) => SNAPSHOT_ID.pattern.test(id);
  expect(['123-snap-42', `${'9'.repeat(19)}-snap-${'9'.repeat(19)}`].map(fits)).toEqual([true, true]);
  expect(
    [
      'x123-snap-42',
      '123-snap-42x',
      `${'9'.repeat(20)}-snap-1`,
      `1-snap-${'9'.repeat(20)}`,
      'a-snap-1',
      '1-snap-a',
      '1-snap-',
      '12-snap-',
    ].map(fits),
  ).toEqual(Array(8).fill(false));
  expect(SNAPSHOT_ID.allowed).toBe('a snapshot id such as 123-snap-42');
});

it('a snapshot past its expiration date is gone for a program, from that very instant', () => {
  const now = new Date('2026-11-30T10:00:00.000Z');
  const at = (iso: string) => snapshots.gone!({ expirationDate: new Date(iso) } as never, now);
  expect([at('2026-11-30T09:59:59.999Z'), at('2026-11-30T10:00:00.000Z'), at('2026-11-30T10:00:00.001Z')]).toEqual([true, true, false]);
  expect(snapshots.gone!({ expirationDate: null } as never, now)).toBe(false);
});
