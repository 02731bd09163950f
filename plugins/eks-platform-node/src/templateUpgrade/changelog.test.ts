import { changelogExcerpt } from './changelog';

const CHANGELOG = `# Changelog

## 1.2.0

- Two.

## [1.1.0] - 2026-11-01

- One.

## 1.0.0

- First.
`;

describe('changelogExcerpt', () => {
  it('takes the sections after the service’s version up to the target', () => {
    expect(changelogExcerpt(CHANGELOG, '1.0.0', '1.1.0')).toBe(
      '## [1.1.0] - 2026-11-01\n\n- One.',
    );
    expect(changelogExcerpt(CHANGELOG, '1.0.0', '1.2.0')).toBe(
      '## 1.2.0\n\n- Two.\n\n## [1.1.0] - 2026-11-01\n\n- One.',
    );
  });

  it('is empty when no section lies between the versions', () => {
    expect(changelogExcerpt(CHANGELOG, '1.2.0', '1.2.0')).toBe('');
  });
});
