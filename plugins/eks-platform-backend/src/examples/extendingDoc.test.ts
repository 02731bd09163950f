import fs from 'node:fs';
import path from 'node:path';

// A test that only ever runs from source.
// eslint-disable-next-line no-restricted-syntax
const REPO_ROOT = path.resolve(__dirname, '../../../..');
const DOC = path.join(REPO_ROOT, 'docs/extending.md');

/** Every `<!-- snippet: path -->` followed by a fenced block, in order. */
function snippets(markdown: string) {
  const found: Array<{ file: string; code: string }> = [];
  const pattern = /<!-- snippet: (\S+) -->\n+```ts\n([\s\S]*?)\n```/g;
  for (const match of markdown.matchAll(pattern))
    found.push({ file: match[1], code: match[2] });
  return found;
}

/** Quotes are dedented (prettier formats the guide): compare line by line without indentation. */
const unindented = (text: string) =>
  text
    .split('\n')
    .map(line => line.trim())
    .join('\n');

/*
 * docs/extending.md quotes real, type-checked and tested files: each of its
 * code blocks must still appear verbatim in the file it names, so the guide
 * cannot drift from the code.
 */
describe('docs/extending.md', () => {
  const markdown = fs.readFileSync(DOC, 'utf8');
  const blocks = snippets(markdown);

  it('quotes only named files, and every code block is one', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    const fenced = markdown.match(/```ts\n/g) ?? [];
    expect(fenced).toHaveLength(blocks.length);
  });

  it.each(
    snippets(fs.readFileSync(DOC, 'utf8')).map(b => [b.file, b.code] as const),
  )('quotes %s as it is', (file, code) => {
    const source = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
    expect(unindented(source)).toContain(unindented(code));
  });
});
