import { FleetError } from '../../../provider/fleet/problems';

/** A FleetError lists its problems in file order, whatever order they were found in. */
describe('FleetError', () => {
  it('orders the problems of one line by column, whichever was found first', () => {
    const at3 = { file: 'f.yaml', line: 4, column: 3, reason: 'first' };
    const at9 = { file: 'f.yaml', line: 4, column: 9, reason: 'second' };
    expect(new FleetError([at9, at3]).problems.map((p) => p.column)).toEqual([3, 9]);
    expect(new FleetError([at3, at9]).problems.map((p) => p.column)).toEqual([3, 9]);
  });

  it('names every file that has problems, in order, and counts the problems', () => {
    const err = new FleetError([
      { file: 'b.yaml', line: 1, reason: 'x' },
      { file: 'a.yaml', line: 2, reason: 'y' },
    ]);
    expect(err.message.split('\n')[0]).toBe('Invalid fleet file a.yaml, b.yaml: 2 problems, nothing was declared');
  });
});
