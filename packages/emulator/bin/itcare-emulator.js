#!/usr/bin/env node
// The emulator's command. Packed, the package carries its compiled sources (scripts/bundle.js); in a
// checkout of pulumi-itcare, where this package is a workspace, they are the repository's own build.
const fs = require('node:fs');
const path = require('node:path');

const packed = path.join(__dirname, '..', 'dist', 'emulator', 'cli.js');
const checkout = path.join(__dirname, '..', '..', '..', 'dist', 'emulator', 'cli.js');
const cli = fs.existsSync(packed) ? packed : checkout;
if (!fs.existsSync(cli)) {
  console.error('itcare-emulator: not built yet (run `npm run build` at the root of the pulumi-itcare checkout)');
  process.exit(1);
}
require(cli);
