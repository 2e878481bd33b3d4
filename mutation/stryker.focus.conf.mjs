// A focused mutation run (npm run mutate:focus): after tests were written against the survivors of a
// full shard run, it mutates only the files they aim at (FOCUS_MUTATE, Stryker globs) and runs only
// those test files (FOCUS_TESTS), static mutants included. Re-running a whole shard instead would
// retest every static mutant (they depend on every test, so any new test invalidates them): hours on
// 2 cores. A kill by a subset of the suite is a kill by the suite, so summary.mjs --incremental lets
// this run's kills settle the shards' survivors of the same source; its survivors prove nothing and
// are not used. FOCUS_NAME names the run's incremental file (stryker-incremental.focus-<name>.json in
// the mutation cache): Stryker writes only the files a run mutated, so each focus keeps its own file.
import base, { incrementalFile } from './stryker.config.mjs';

const list = (name) =>
  (process.env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
if (!list('FOCUS_MUTATE').length || !list('FOCUS_TESTS').length) {
  throw new Error('FOCUS_MUTATE=sdk/dates.ts,... and FOCUS_TESTS=test/sdk/dates.test.ts,... name what the focused run mutates and runs');
}

export default {
  ...base,
  mutate: list('FOCUS_MUTATE'),
  ignoreStatic: false,
  incrementalFile: incrementalFile(`focus-${process.env.FOCUS_NAME ?? 'default'}`),
  jest: { ...base.jest, configFile: 'mutation/jest.focus.config.js' },
};
