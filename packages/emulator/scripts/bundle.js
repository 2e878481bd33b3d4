#!/usr/bin/env node
// `npm pack` of itcare-emulator: the emulator is built with the rest of pulumi-itcare (one tsc, one
// set of descriptors), so the package takes the compiled emulator and the part of the SDK it loads
// (the descriptors, dates) from the repository's dist/, with the emulator's README (dist/emulator/README.md).
const fs = require('node:fs');
const path = require('node:path');

const here = path.join(__dirname, '..');
const repo = path.join(here, '..', '..');
const from = path.join(repo, 'dist');
if (!fs.existsSync(path.join(from, 'emulator', 'cli.js')))
  throw new Error('build pulumi-itcare first (npm run build at the repository root)');
fs.rmSync(path.join(here, 'dist'), { recursive: true, force: true });
for (const dir of ['emulator', 'sdk']) fs.cpSync(path.join(from, dir), path.join(here, 'dist', dir), { recursive: true });
fs.copyFileSync(path.join(repo, 'emulator', 'README.md'), path.join(here, 'dist', 'emulator', 'README.md'));
