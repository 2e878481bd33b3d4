/**
 * The jest config of a focused mutation run (stryker.focus.conf.mjs): the mutation config, running
 * only the test files FOCUS_TESTS names.
 */
const path = require('node:path');
const base = require('../jest.mutate.config.js');

const root = path.resolve(__dirname, '..');
const tests = (process.env.FOCUS_TESTS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

module.exports = {
  ...base,
  rootDir: root,
  testMatch: tests.map((t) => path.join('<rootDir>', t)),
};
