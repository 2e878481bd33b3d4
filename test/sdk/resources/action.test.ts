import { readAccepted } from '../../../sdk/resources/action';
import { ResourceClient } from '../../../sdk/resourceClient';
import { snapshots } from '../../../sdk/resources';
import { InvalidArgumentError } from '../../../sdk/errors';

/**
 * The 202 body's resourceId (an INFERRED field): an int64, or a resource's own string id (a
 * snapshot's 123-snap-42). Anything else reads as absent, and a string id still meets its
 * descriptor's id rule before a path is built from it.
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

test('a string id from a 202 still meets the descriptor\'s id rule before it reaches a path', () => {
  const client = new ResourceClient(snapshots, {} as never, 500061854);
  const { resourceId } = readAccepted({ id: 1, resourceId: '500061854-snap-3' });
  expect(client.itemPath(resourceId!)).toBe('/compute/instances/500061854/snapshots/500061854-snap-3');
  expect(() => client.itemPath(readAccepted({ id: 1, resourceId: 'other.thing' }).resourceId!)).toThrow(InvalidArgumentError);
});
