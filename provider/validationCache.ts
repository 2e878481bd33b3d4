import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Which inputs ITCare already validated in dry run. `pulumi up` previews and then updates in two
 * provider processes, each calling check: without a shared record, every new resource would be
 * validated twice. Entries are hashes only (no input, no credential), in a private directory of the
 * temp dir, and expire after `ttlMs`: a validation is a point-in-time answer, and the real call
 * stays the final judge.
 */
export class ValidationCache {
  private readonly memory = new Set<string>();

  constructor(
    private readonly dir = process.env.ITCARE_VALIDATION_CACHE ?? path.join(os.tmpdir(), `pulumi-itcare-validated-${process.getuid?.() ?? 'user'}`),
    private readonly ttlMs = 10 * 60_000,
  ) {}

  has(key: string): boolean {
    if (this.memory.has(key)) return true;
    try {
      const age = Date.now() - fs.statSync(path.join(this.dir, key)).mtimeMs;
      if (age <= this.ttlMs) return true;
    } catch {
      // not recorded by another process
    }
    return false;
  }

  add(key: string): void {
    this.memory.add(key);
    try {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(path.join(this.dir, key), '');
    } catch {
      // a read-only temp dir only costs a second validation
    }
  }
}
