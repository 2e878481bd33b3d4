/**
 * The suites mutation testing runs (npm run mutate): the unit and emulator suites, which load sdk/ and
 * provider/ from their TypeScript sources through ts-jest, so the mutated sources are what they test.
 * Not the CLI e2e (test/e2e, minutes per run, through dist/) nor Keycloak (test/keycloak, a JVM), and
 * not test/sdk/node20.test.ts, which runs dist/ under Node 20 and so cannot see a mutant, nor
 * test/provider/shim.test.ts, which serializes the shim's closure: instrumented, it drags Stryker's
 * coverage objects in (MBs of text) and fails; provider/shim.ts is left out of the mutants for that.
 */
const path = require('node:path');
const base = require('./jest.config.js');

module.exports = {
  ...base,
  // Transpile only (no type check per file): every mutant reloads the sources through ts-jest, and the
  // TypeScript checker plugin already rejects mutants that do not compile, so the per-file type check
  // only costs time here. `npm test` keeps the type-checking transform of jest.config.js.
  transform: {
    ...base.transform,
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }],
  },
  testMatch: ['<rootDir>/test/{sdk,provider,emulator}/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/sdk/node20.test.ts', '<rootDir>/test/provider/shim.test.ts'],
  reporters: ['default'],
  // Skips what is left of a mutant run once a test has failed (see the file: jest has no bail of its own).
  testEnvironment: path.join(__dirname, 'mutation/bailEnvironment.js'),
  // Under a mutant, loads only the test files holding the tests that cover it (see the file).
  testSequencer: path.join(__dirname, 'mutation/coveringFilesSequencer.js'),
};
