/**
 * Which test files hold which tests, as the dry run of a mutation run saw them (recorded by
 * bailEnvironment.js), so that a mutant's run loads only the files whose tests cover it
 * (coveringFilesSequencer.js). Stryker tells jest the covering tests by name only (a
 * `testNamePattern`), and jest must load a file to learn its test names: for an `sdk/` mutant, whose
 * related files are nearly all 60, that loading was most of the run's CPU.
 */
const fs = require('node:fs');
const path = require('node:path');

const ACTIVE = '__STRYKER_ACTIVE_MUTANT__';
const fileOf = (rootDir) => path.join(rootDir, 'reports', 'mutation-test-names.json');

/** Stryker's name of a test (jest-circus): its describe blocks' names and its own, spaced. */
function fullName(test) {
  const names = [];
  for (let block = test.parent; block?.parent; block = block.parent) names.unshift(block.name);
  return [...names, test.name].join(' ').trim();
}

/** Adds a test file's test names to the record (the dry run runs the files one after another). */
function record(rootDir, testPath, names) {
  const file = fileOf(rootDir);
  let all = {};
  try {
    all = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    /* first file */
  }
  all[testPath] = names;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(all));
}

/** The recorded names per test file, or undefined when there is no record. */
function recorded(rootDir) {
  try {
    return JSON.parse(fs.readFileSync(fileOf(rootDir), 'utf8'));
  } catch {
    return undefined;
  }
}

module.exports = { ACTIVE, fullName, record, recorded };
