import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from '../helpers/pulumi';

/**
 * The "Pulumi options" table (docs/pulumi-options.md) is the matrix of pulumiOptions.test.ts and
 * pulumiOptionsTree.test.ts, row for row: each test row's title up to its first ": " is the first
 * column of one table row (backticks aside), in the same order, naming its file in the last column.
 * No CLI here: this only keeps the documentation and the tests in step.
 */
const FILES = ['pulumiOptions', 'pulumiOptionsTree'];

function tableRows(): { option: string; file: string }[] {
  const guide = fs.readFileSync(path.join(REPO, 'docs', 'pulumi-options.md'), 'utf8');
  const body = guide.slice(0, guide.indexOf('\n## ', 1));
  return body
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| option / command'))
    .map((l) => l.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '').trim()))
    .map((cells) => ({ option: cells[0].replaceAll('`', ''), file: cells[cells.length - 1] }));
}

function matrixHeads(file: string): string[] {
  const text = fs.readFileSync(path.join(__dirname, `${file}.test.ts`), 'utf8');
  // A row opens `['title: …', async () => {`, on one line or, when long, wrapped by the formatter.
  return [...text.matchAll(/^ {2}\[\s*'(.+?)',\s*async \(\) => \{$/gm)].map((m) => m[1].slice(0, m[1].indexOf(': ')));
}

describe('docs/pulumi-options.md table', () => {
  it.each(FILES)('has the rows of %s.test.ts, in order', (file) => {
    const heads = matrixHeads(file);
    expect(heads.length).toBeGreaterThan(5);
    expect(
      tableRows()
        .filter((r) => r.file === file)
        .map((r) => r.option),
    ).toEqual(heads);
  });

  it('names a matrix file in every row', () => {
    expect(tableRows().filter((r) => !FILES.includes(r.file))).toEqual([]);
  });
});
