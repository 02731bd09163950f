import { requireHttpUrl, requireUniqueNames } from './urls';

describe('requireHttpUrl', () => {
  it('accepts http(s) URLs and drops trailing slashes', () => {
    expect(requireHttpUrl('https://argocd.example.com/', 'k')).toBe(
      'https://argocd.example.com',
    );
    expect(requireHttpUrl('http://127.0.0.1:7110', 'k')).toBe(
      'http://127.0.0.1:7110',
    );
  });

  it('names the key when the value is not an http(s) URL', () => {
    expect(() => requireHttpUrl('argocd.example.com', 'a.url')).toThrow(
      'a.url must be an absolute http(s) URL',
    );
    expect(() => requireHttpUrl('ftp://x', 'a.url')).toThrow(
      "a.url must be an http(s) URL, got protocol 'ftp:'",
    );
  });
});

describe('requireUniqueNames', () => {
  it('refuses two instances with one name', () => {
    expect(() =>
      requireUniqueNames([{ name: 'a' }, { name: 'a' }], 'x.instances'),
    ).toThrow("x.instances has two instances named 'a'");
    expect(
      requireUniqueNames([{ name: 'a' }, { name: 'b' }], 'k'),
    ).toHaveLength(2);
  });
});
