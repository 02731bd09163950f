import { parseStatusQuery } from './parseStatusQuery';

describe('parseStatusQuery', () => {
  it('normalises refs, drops duplicates and defaults the view', () => {
    expect(
      parseStatusQuery({
        entityRefs: [
          'checkout',
          'component:default/checkout',
          'api:shop/orders',
        ],
      }),
    ).toEqual({
      entityRefs: ['component:default/checkout', 'api:shop/orders'],
      view: 'full',
    });
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
      { entityRefs: Array.from({ length: 2001 }, (_, i) => `s${i}`) },
      /at most 2000/,
    ],
  ])('rejects %j', (body, message) => {
    expect(() => parseStatusQuery(body)).toThrow(message);
  });
});
