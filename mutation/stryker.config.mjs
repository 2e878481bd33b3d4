// The provider/ shard of mutation testing (npm run mutate:provider; mutate:sdk and mutate:focus build on
// it): StrykerJS over the unit and emulator suites. See mutation/README.md for how runs are split and read.
// Stryker's incremental files are caches of a machine, not sources: they live outside the tree
// (MUTATION_CACHE, default ~/.cache/pulumi-itcare/mutation), so a stopped run resumes on that machine
// and history keeps only the scores (README.md) and the judgements (judged.tsv).
import os from 'node:os';
import path from 'node:path';

export const cacheDir = process.env.MUTATION_CACHE ?? path.join(os.homedir(), '.cache', 'pulumi-itcare', 'mutation');
export const incrementalFile = (name) => path.join(cacheDir, `stryker-incremental.${name}.json`);

export default {
  $schema: '../node_modules/@stryker-mutator/core/schema/stryker-schema.json',
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { configFile: 'jest.mutate.config.js', enableFindRelatedTests: true },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutate.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: ['provider/**/*.ts', '!provider/index.ts', '!provider/shim.ts', '!provider/resources/inputTypes.ts'],
  disableTypeChecks: '{sdk,provider,test,emulator}/**/*.ts',
  ignorePatterns: ['test/e2e', 'test/keycloak', 'coverage', '.pulumi-state', 'reports'],
  coverageAnalysis: 'perTest',
  // Six per core (half checkers, half test runners: the tests mostly wait on emulator actions, so
  // runners beyond the cores still add throughput; 12 on 2 cores was the fastest measured), bounded
  // by memory at ~1 GB each (12 GB were used at 12).
  concurrency: Math.max(1, Math.min(6 * os.availableParallelism(), Math.floor(os.totalmem() / 2 ** 30))),
  timeoutMS: 10000,
  dryRunTimeoutMinutes: 20,
  incremental: true,
  incrementalFile: incrementalFile('provider'),
  reporters: ['clear-text', 'progress', 'json', 'html', 'partial'],
  appendPlugins: ['./mutation/partialReporter.mjs'],
  ignoreStatic: true,
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
