/* eslint-disable no-script-url -- hostile javascript: URLs are the input under test */
import { httpLinkOrUndefined } from './links';

describe('httpLinkOrUndefined', () => {
  it('keeps absolute http and https links', () => {
    for (const link of [
      'https://runbooks.example.com/checkout#errors',
      'http://alertmanager:9093/#/alerts?filter=%7Bservice%3D%22a%22%7D',
    ]) {
      expect(httpLinkOrUndefined(link)).toBe(link);
    }
    // In the parsed form the browser will follow.
    expect(httpLinkOrUndefined(' HTTPS://EXAMPLE.COM/a b')).toBe(
      'https://example.com/a%20b',
    );
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    '\njavascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.com/x',
    '//evil.example.com/x',
    '/relative/path',
    'not a url',
    '',
  ])('drops %j', link => {
    expect(httpLinkOrUndefined(link)).toBeUndefined();
  });

  it('drops what is not a string or absurdly long', () => {
    expect(httpLinkOrUndefined(undefined)).toBeUndefined();
    expect(httpLinkOrUndefined({ href: 'https://x' })).toBeUndefined();
    expect(
      httpLinkOrUndefined(`https://example.com/${'a'.repeat(5000)}`),
    ).toBeUndefined();
  });
});
