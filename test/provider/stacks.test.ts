import { stacksOff } from '../../provider/resources/stacks';

/** A resource's registration runs with stack traces off (no frames captured), and the limit comes back. */
it('turns stack traces off until restored, and restores the previous limit', () => {
  const before = Error.stackTraceLimit;
  const restore = stacksOff();
  try {
    expect(new Error('x').stack).toBe('Error: x');
  } finally {
    restore();
  }
  expect(Error.stackTraceLimit).toBe(before);
  expect(new Error('y').stack).toMatch(/\n\s+at /);
});
