import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The README is a first page (issue 26): short, and every guide under docs/ is reachable from it; no
 * relative link in it or in a guide points at a file that is not there (sections move, links rot).
 */
const REPO = path.resolve(__dirname, '..', '..');
const read = (p: string) => fs.readFileSync(path.join(REPO, p), 'utf8');
const guides = fs.readdirSync(path.join(REPO, 'docs')).filter((f) => f.endsWith('.md'));
/** Relative link targets, outside code (a pattern in backticks is no link). */
const links = (text: string) =>
  [
    ...text
      .replace(/```[\s\S]*?```/g, '')
      .replace(/`[^`\n]*`/g, '')
      .matchAll(/\]\(([^)\s]+)\)/g),
  ]
    .map((m) => m[1])
    .filter((t) => !/^(https?:|mailto:|#)/.test(t));

it('README.md is a first page: under 200 lines', () => {
  expect(read('README.md').split('\n').length).toBeLessThan(200);
});

it('every guide in docs/ is linked from the README', () => {
  const linked = new Set(links(read('README.md')).map((t) => path.normalize(t.split('#')[0])));
  expect(guides.filter((g) => !linked.has(path.join('docs', g)))).toEqual([]);
});

it.each(['README.md', ...guides.map((g) => `docs/${g}`), 'emulator/README.md', 'mutation/README.md'])(
  '%s: every relative link resolves to a file',
  (file) => {
    const dir = path.dirname(path.join(REPO, file));
    const broken = links(read(file)).filter((t) => !fs.existsSync(path.resolve(dir, decodeURIComponent(t.split('#')[0]))));
    expect(broken).toEqual([]);
  },
);
