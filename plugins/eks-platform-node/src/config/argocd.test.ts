import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { readArgoCdInstances, selectArgoCdInstance } from './argocd';

const config = (instances: JsonObject[]) =>
  new ConfigReader({ eksPlatform: { argocd: { instances } } });

describe('readArgoCdInstances', () => {
  it('defaults uiUrl to the API URL and the Application namespace to argocd', () => {
    expect(
      readArgoCdInstances(
        config([
          { name: 'main', url: 'https://argocd.example.com/', token: 't' },
        ]),
      ),
    ).toEqual([
      {
        name: 'main',
        url: 'https://argocd.example.com',
        token: 't',
        uiUrl: 'https://argocd.example.com',
        namespace: 'argocd',
      },
    ]);
  });

  it("reads the release workflows' read-only promotion token", () => {
    const [instance] = readArgoCdInstances(
      config([
        {
          name: 'main',
          url: 'http://argocd-server.argocd.svc',
          uiUrl: 'https://argocd.example.com',
          token: 't',
          promotionToken: 'read-only',
        },
      ]),
    );
    expect(instance).toMatchObject({
      uiUrl: 'https://argocd.example.com',
      promotionToken: 'read-only',
    });
  });

  it('is empty without the block', () => {
    expect(readArgoCdInstances(new ConfigReader({}))).toEqual([]);
  });

  it.each([
    [
      [{ name: 'a', url: 'ftp://x', token: 't' }],
      /argocd.instances\[\]\.url must be an http\(s\) URL/,
    ],
    [
      [
        { name: 'a', url: 'http://x', token: 't' },
        { name: 'a', url: 'http://y', token: 't' },
      ],
      /two instances named 'a'/,
    ],
    [[{ name: 'a', url: 'http://x' }], /token/],
  ])('refuses %j with the key to fix', (instances, message) => {
    expect(() => readArgoCdInstances(config(instances))).toThrow(message);
  });
});

describe('selectArgoCdInstance', () => {
  const instances = readArgoCdInstances(
    config([
      { name: 'main', url: 'http://a', token: 't' },
      { name: 'eu', url: 'http://b', token: 't' },
    ]),
  );

  it('takes the named instance, or the first', () => {
    expect(selectArgoCdInstance(instances, 'eu').url).toBe('http://b');
    expect(selectArgoCdInstance(instances, undefined).name).toBe('main');
  });

  it('lists the configured names when the input names another', () => {
    expect(() => selectArgoCdInstance(instances, 'us')).toThrow(
      new InputError(
        'Invalid input "instance": "us" is not a configured Argo CD instance; use one of "main", "eu".',
      ),
    );
    expect(() => selectArgoCdInstance([], undefined)).toThrow(
      /No Argo CD instance is configured/,
    );
  });
});
