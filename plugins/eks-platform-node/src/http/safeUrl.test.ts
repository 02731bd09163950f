import { publicBaseUrl, splitCredentials } from './safeUrl';

describe('publicBaseUrl', () => {
  it('drops credentials, query, fragment and trailing slashes before a URL reaches a browser', () => {
    expect(
      publicBaseUrl('https://user:secret@argocd.example.com/ui/?x=1#y'),
    ).toBe('https://argocd.example.com/ui');
  });
});

describe('splitCredentials', () => {
  it('moves credentials into a Basic header value', () => {
    expect(splitCredentials('http://am%40ops:p%3Ass@127.0.0.1:9093/')).toEqual({
      url: 'http://127.0.0.1:9093',
      basicAuth: Buffer.from('am@ops:p:ss').toString('base64'),
    });
  });

  it('leaves a URL without credentials as it is', () => {
    expect(splitCredentials('http://127.0.0.1:9093/')).toEqual({
      url: 'http://127.0.0.1:9093/',
    });
  });
});
