import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ValidationCache } from '../../provider/validationCache';

describe('validation cache', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-vc-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is shared by provider processes through files holding only the key', () => {
    const preview = new ValidationCache(dir);
    preview.add('abc123');
    const update = new ValidationCache(dir); // the next process of the same `pulumi up`
    expect(update.has('abc123')).toBe(true);
    expect(update.has('other')).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'abc123'), 'utf8')).toBe('');
  });

  it('forgets validations older than its lifetime', () => {
    new ValidationCache(dir).add('old');
    const past = new Date(Date.now() - 11 * 60_000);
    fs.utimesSync(path.join(dir, 'old'), past, past);
    expect(new ValidationCache(dir, 10 * 60_000).has('old')).toBe(false);
  });
});
