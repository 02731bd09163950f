import { parseStatusQuery } from './parseStatusQuery';

const CAPS = { maxEntities: 500, maxFullEntities: 50 };
const refs = (n: number) => Array.from({ length: n }, (_, i) => `s${i}`);

describe('parseStatusQuery', () => {
  it('normalises refs, drops duplicates and defaults the view', () => {
    expect(
      parseStatusQuery(
        {
          entityRefs: [
            'checkout',
            'component:default/checkout',
            'api:shop/orders',
          ],
        },
        CAPS,
      ),
    ).toEqual({
      entityRefs: ['component:default/checkout', 'api:shop/orders'],
      view: 'full',
    });
  });

  it('accepts exactly the cap of each view', () => {
    expect(
      parseStatusQuery({ entityRefs: refs(500), view: 'summary' }, CAPS)
        .entityRefs,
    ).toHaveLength(500);
    expect(
      parseStatusQuery({ entityRefs: refs(50) }, CAPS).entityRefs,
    ).toHaveLength(50);
  });

  it.each([
    [null, /JSON object/],
    [{ entityRefs: [] }, /non-empty array/],
    [{ entityRefs: [1] }, /entityRefs\[0\] must be a string/],
    [
      { entityRefs: ['component:'] },
      /entityRefs\[0\] "component:" is not an entity ref/,
    ],
    [{ entityRefs: ['x'], view: 'tiny' }, /view must be "full" or "summary"/],
    [
      { entityRefs: refs(501), view: 'summary' },
      /501 entries; with view "summary" ask for at most 500 per request \(eksPlatform\.status\.query\.maxEntities\)/,
    ],
    [
      { entityRefs: refs(51) },
      /with view "full" ask for at most 50 per request \(eksPlatform\.status\.query\.maxFullEntities\).*view "summary" \(up to 500\)/,
    ],
  ])('rejects bad body #%#', (body, message) => {
    expect(() => parseStatusQuery(body, CAPS)).toThrow(message);
  });
});
