import { readCommentHeader, writeCommentHeader } from './commentHeader';

const marker = {
  entityRef: 'component:default/payments',
  ownerRef: 'group:default/team-a',
};

describe('comment headers', () => {
  it('writes the marker lines on top and reads them back', () => {
    const text = writeCommentHeader(
      '# Managed by Backstage\npath "x" {}\n',
      marker,
    );
    expect(text).toBe(
      '# eks.platform/entity-ref: component:default/payments\n# eks.platform/owner-ref: group:default/team-a\n# Managed by Backstage\npath "x" {}\n',
    );
    expect(readCommentHeader(text)).toEqual(marker);
  });

  it('rewrites an existing marker instead of stacking a second one', () => {
    const once = writeCommentHeader('a: 1\n', marker);
    expect(writeCommentHeader(once, marker)).toBe(once);
    const moved = writeCommentHeader(once, {
      ...marker,
      ownerRef: 'group:default/team-b',
    });
    expect(readCommentHeader(moved)?.ownerRef).toBe('group:default/team-b');
    expect(moved.match(/owner-ref/g)).toHaveLength(1);
  });

  it('reads only the leading comment block', () => {
    expect(
      readCommentHeader(
        'path "x" {}\n# eks.platform/entity-ref: component:default/payments\n# eks.platform/owner-ref: group:default/team-a\n',
      ),
    ).toBeUndefined();
  });

  it('is no marker when a key is missing, repeated or invalid', () => {
    expect(
      readCommentHeader(
        '# eks.platform/entity-ref: component:default/payments\n',
      ),
    ).toBeUndefined();
    expect(
      readCommentHeader(
        '# eks.platform/entity-ref: component:default/a\n# eks.platform/entity-ref: component:default/b\n# eks.platform/owner-ref: group:default/team-a\n',
      ),
    ).toBeUndefined();
    expect(
      readCommentHeader(
        '# eks.platform/entity-ref: component:default/a\n# eks.platform/owner-ref: not-a-ref!\n',
      ),
    ).toBeUndefined();
    expect(readCommentHeader('')).toBeUndefined();
  });
});
