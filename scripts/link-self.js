#!/usr/bin/env node
// Makes `require('pulumi-itcare')` resolve to this checkout, as it does in a user's project where the
// package is installed. Pulumi evaluates the serialized provider shim from the program's directory,
// and the shim requires the engine by package name: the examples and the end-to-end program need it.
const fs = require('node:fs');
const path = require('node:path');
const link = path.join(__dirname, '..', 'node_modules', 'pulumi-itcare');
try {
  if (fs.realpathSync(link) === fs.realpathSync(path.join(__dirname, '..'))) process.exit(0);
  fs.rmSync(link, { recursive: true, force: true });
} catch {
  // missing: created below
}
fs.symlinkSync('..', link, 'dir');
