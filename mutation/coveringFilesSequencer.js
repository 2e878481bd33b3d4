/**
 * The test sequencer of mutation runs (jest.mutate.config.js): under a mutant, only the test files
 * that hold one of the tests Stryker asks for (its `testNamePattern`, the tests covering the mutant)
 * are run, by the record of the dry run (coveringFiles.js). Without a mutant, a pattern or a record,
 * or when the record finds no file at all, every file jest selected runs, as before: the filter can
 * save time, never hide a covering test.
 */
const Sequencer = require('@jest/test-sequencer').default;
const { ACTIVE, recorded } = require('./coveringFiles');

class CoveringFilesSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.pattern = options.globalConfig?.testNamePattern;
  }

  sort(tests) {
    if (process.env[ACTIVE] === undefined || !this.pattern || tests.length === 0) return super.sort(tests);
    const names = recorded(tests[0].context.config.rootDir);
    if (!names) return super.sort(tests);
    const wanted = new RegExp(this.pattern, 'i'); // as jest-circus reads testNamePattern
    const covering = tests.filter((t) => (names[t.path] ?? []).some((n) => wanted.test(n)));
    return super.sort(covering.length > 0 ? covering : tests);
  }
}

module.exports = CoveringFilesSequencer;
