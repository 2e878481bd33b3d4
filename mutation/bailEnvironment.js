/**
 * The test environment of mutation runs (jest.mutate.config.js): jest-environment-node, plus the bail
 * Stryker means but cannot get from jest. A mutant is killed by its first failing test, yet jest runs
 * every selected test of every file to the end (Stryker's jest runner sets `bail: false`: jest has no
 * programmatic bail), so a killed mutant cost as much as a survivor: for provider/ mutants, the whole
 * lifecycle and recovery suites, 30 s and more each. Here, once a test or hook has failed under a
 * mutant, the tests left in that file are skipped and so are the following files (their hooks too: no
 * emulator is started for nothing). A survivor still runs everything, so no verdict changes.
 *
 * Keyed by the active mutant (`__STRYKER_ACTIVE_MUTANT__`, set by Stryker for one mutant run at a time
 * per test-runner process): the dry run and plain jest, which have none, run every test. The state
 * lives on `process`, not in this module, in case jest loads the environment more than once.
 */
const { TestEnvironment } = require('jest-environment-node');
const { ACTIVE, fullName, record } = require('./coveringFiles');

const FAILED = Symbol.for('pulumi-itcare.mutation.failedMutant');

class BailEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.rootDir = config.projectConfig.rootDir;
    this.testPath = context.testPath;
    this.names = [];
  }

  async handleTestEvent(event, state) {
    const mutant = process.env[ACTIVE];
    if (mutant === undefined) {
      // The dry run (or plain jest): note which tests this file holds, for coveringFilesSequencer.js.
      if (event.name === 'test_start') this.names.push(fullName(event.test));
      else if (event.name === 'run_finish') record(this.rootDir, this.testPath, this.names);
      return;
    }
    const failed = process[FAILED] === mutant;
    if (event.name === 'run_start' && failed) {
      // A later file of the same mutant run: skip it whole (its beforeAll hooks do not run).
      state.rootDescribeBlock.mode = 'skip';
    } else if (event.name === 'test_start' && failed) {
      event.test.mode = 'skip';
    } else if ((event.name === 'test_done' && event.test.errors.length > 0) || event.name === 'hook_failure') {
      process[FAILED] = mutant;
    }
  }
}

module.exports = BailEnvironment;
