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
  const yamlHost = execFileSync(path.join(REPO, 'scripts', 'ensure-pulumi-yaml'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
  return [bin, yamlHost];
}

/**
 * The Python language host (scripts/ensure-pulumi-python: the v3.68.0 host behind a GeneratePackage
 * front) and its venv's bin, with `pulumi` (the host runs the `python3` first on PATH). To put on PATH.
 */
export function pythonHostPath(): string[] {
  const host = execFileSync(path.join(REPO, 'scripts', 'ensure-pulumi-python'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
  return [host, path.join(host, '..', 'venv', 'bin')];
}
