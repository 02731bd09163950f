import { ListBodyParser } from './listBodyParser';

/** Feeds `body` in pieces of `size` bytes, as a socket would. */
function parse(body: string, size: number) {
  const items: any[] = [];
  const parser = new ListBodyParser(item => items.push(item));
  const bytes = Buffer.from(body, 'utf8');
  for (let i = 0; i < bytes.length; i += size)
    parser.write(bytes.subarray(i, i + size));
  return { items, ...parser.end() };
}

const list = {
  kind: 'PodList',
  apiVersion: 'v1',
  metadata: {
    resourceVersion: '4711',
    continue: 'eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ',
  },
  items: [
    {
      metadata: {
        name: 'a',
        // Braces, brackets, quotes and escapes inside strings, and multi-byte characters.
        annotations: {
          tricky: '{"items":[}] \\" \\\\ ',
          unicode: 'Zürich – 東京 🚀',
        },
      },
      spec: { containers: [{ name: 'c', args: ['[', ']', '{'] }] },
    },
    { metadata: { name: 'b', labels: {} }, status: { phase: 'Running' } },
  ],
};

describe('ListBodyParser', () => {
  it.each([1, 2, 3, 7, 64, 100_000])(
    'hands over every item and the list metadata whatever the chunk size (%i bytes)',
    size => {
      const result = parse(JSON.stringify(list, null, size % 2 ? 0 : 2), size);
      expect(result.items).toEqual(list.items);
      expect(result.metadata).toEqual(list.metadata);
    },
  );

  it('reads an empty list and items that come before the metadata', () => {
    expect(parse('{"items":[],"metadata":{"resourceVersion":"1"}}', 5)).toEqual(
      { items: [], metadata: { resourceVersion: '1' } },
    );
    expect(parse('{"items":null,"metadata":{}}', 5).items).toEqual([]);
  });

  it('only takes items from the list’s own items array', () => {
    const body = JSON.stringify({
      metadata: { items: [{ x: 1 }] },
      other: [{ name: 'not an item' }],
      items: [{ name: 'item' }],
      a: 'items',
    });
    expect(parse(body, 4).items).toEqual([{ name: 'item' }]);
  });

  it.each([
    ['an HTML error page', '<html><body>502 Bad Gateway</body></html>'],
    ['a cut-off body', '{"items":[{"metadata":{"name":"a"}'],
    ['a broken item', '{"items":[{"metadata":{"name":}}]}'],
    ['a bare array', '[{"metadata":{}}]'],
    ['trailing garbage', '{"items":[]} x'],
    ['too many closing brackets', '{"items":[]}]}'],
  ])('refuses %s as not JSON', (_, body) => {
    expect(() => parse(body, 3)).toThrow('not a JSON list');
  });
});
