// The sdk/ shard (npm run mutate:sdk): the provider shard's settings over sdk/, with its own incremental file.
import base, { incrementalFile } from './stryker.config.mjs';

export default {
  ...base,
  mutate: ['sdk/**/*.ts', '!sdk/index.ts', '!sdk/resources/index.ts'],
  incrementalFile: incrementalFile('sdk'),
};
