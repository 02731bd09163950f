import { redact } from './redact';

describe('redact', () => {
  it.each([
    ['Authorization: Bearer abc.def.ghi', 'abc.def'],
    ['{"token":"s3cr3t-value"}', 's3cr3t-value'],
    ['ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'ghp_'],
    [
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXZhbHVl',
      'eyJhbGci',
    ],
  ])('removes %s', (text, leaked) => {
    expect(redact(text)).not.toContain(leaked);
  });

  it('keeps ordinary text', () => {
    expect(redact('repository payments not found')).toBe(
      'repository payments not found',
    );
  });
});

describe('redact with known secrets', () => {
  it('replaces configured values verbatim, but not values too short to be secrets', () => {
    expect(redact('token=abc and sandbox-token-1', ['sandbox-token-1'])).toBe(
      'token=<redacted> and <redacted>',
    );
    expect(redact('a b c', ['b'])).toBe('a b c');
  });
});
