/**
 * ts-jest for our sources. openid-client 6 and its dependencies (oauth4webapi, jose) are ESM-only and
 * jest's module loader cannot require(esm) before Node 24.9, so they are transformed to CommonJS like
 * our own code (once; ts-jest caches). The emulator (oidc-provider, also ESM) never loads inside jest:
 * tests start it as a real child process from dist/, over real HTTP.
 */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    '^.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' }, isolatedModules: true }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(openid-client|oauth4webapi|jose)/)'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // A mutation run's sandbox (npm run mutate) is a copy of the repository: not a second set of modules.
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
  reporters: ['default', '<rootDir>/test/summaryReporter.js'],
  setupFiles: ['<rootDir>/test/setupEnv.js'],
  // 2 cores: two workers; e2e suites start their own emulator and Pulumi engine.
  maxWorkers: 2,
  testTimeout: 60000,
};
