import { isRunning, readAccepted } from '../../../sdk/resources/action';

/**
 * The 202 body's resourceId (an INFERRED field): an int64, or a resource's own string id (a
 * snapshot's 123-snap-42). Anything else reads as absent; the resource client then keeps a string
 * only when it meets its descriptor's id rule (test/emulator/snapshots.test.ts).
 */
test('a 202 keeps a numeric resourceId as a number and a string id as a string', () => {
  expect(readAccepted({ id: 46922, resourceId: 500061854 })).toMatchObject({ actionId: 46922, resourceId: 500061854 });
  expect(readAccepted({ id: 46922, resourceId: '500061854' })).toMatchObject({ resourceId: 500061854 });
  expect(readAccepted({ id: 46922, resourceId: '500061854-snap-3' })).toMatchObject({ actionId: 46922, resourceId: '500061854-snap-3' });
});

test('a resourceId that could not be an id reads as absent; the action is still followed', () => {
  for (const odd of ['../../actions', '', 0, -4, null, { id: 1 }, 'a b']) {
    expect(readAccepted({ id: 46922, resourceId: odd })).toMatchObject({ actionId: 46922, resourceId: undefined });
  }
});

test('an action runs until SUCCESS or ERROR: IN_PROGRESS and any status a server adds (PENDING) count as running', () => {
  for (const status of ['IN_PROGRESS', 'PENDING', 'QUEUED', '']) expect(isRunning({ status })).toBe(true);
  for (const status of ['SUCCESS', 'ERROR']) expect(isRunning({ status })).toBe(false);
});
