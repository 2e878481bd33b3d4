import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from './pulumi';

/**
 * The native provider as npm installs a package's bin, in `dir`/bin: a link named
 * pulumi-resource-itcare to dist/native/main.js (docs/native.md's "on PATH"); and the directory of the
 * Pulumi YAML language host (scripts/ensure-pulumi-yaml). Both to put first on PATH.
 */
export function nativePluginPath(dir: string): string[] {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.chmodSync(path.join(REPO, 'dist', 'native', 'main.js'), 0o755);
  fs.symlinkSync(path.join(REPO, 'dist', 'native', 'main.js'), path.join(bin, 'pulumi-resource-itcare'));
  const yamlHost = execFileSync(path.join(REPO, 'scripts', 'ensure-pulumi-yaml'), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .trim()
    .split('\n')
    .pop()!;
  return [bin, yamlHost];
}

/**
 * The language hosts of scripts/ensure-pulumi-python, as directories to put on PATH: Python's (the
 * v3.68.0 host behind a GeneratePackage front) with its venv's bin, whose `python3` and `pulumi` the
 * host runs; Go's (SDK generation, and programs built beforehand: `runtime.options.binary`).
 */
export function languageHosts(): { python: string[]; go: string[] } {
  const host = execFileSync(path.join(REPO, 'scripts', 'ensure-pulumi-python'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .trim()
    .split('\n')
    .pop()!;
  return { python: [host, path.join(host, '..', 'venv', 'bin')], go: [path.join(host, '..', 'gen-only')] };
}
