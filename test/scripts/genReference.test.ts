import * as fs from 'node:fs';
import { REFERENCE, renderReference } from '../../scripts/gen-reference';
import { catalog } from '../../sdk/resources';

/** docs/reference.md must be what the descriptors say today. */
test('docs/reference.md is up to date with the descriptors (run `npm run docs:reference`)', () => {
  expect(fs.readFileSync(REFERENCE, 'utf8')).toBe(renderReference());
});

test('it lists every resource, secret input and operation', () => {
  const text = renderReference();
  for (const [key, d] of Object.entries(catalog)) {
    expect(text).toContain(`## ${key}`);
    for (const op of Object.keys(d.operations)) expect(text).toContain(`| \`${op}\``);
    for (const s of (d as { secrets?: readonly string[] }).secrets ?? []) expect(text).toContain(`| \`${s}\` (secret) |`);
  }
});
