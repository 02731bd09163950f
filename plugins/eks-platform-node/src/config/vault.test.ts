import { ConfigReader } from '@backstage/config';
import { readVaultConfig } from './vault';

const read = (vault: object) =>
  readVaultConfig(new ConfigReader({ eksPlatform: { vault } }));

describe('readVaultConfig', () => {
  it('is undefined when Vault is not configured', () => {
    expect(readVaultConfig(new ConfigReader({}))).toBeUndefined();
  });

  it('defaults the mounts and reads token auth', () => {
    expect(
      read({
        url: 'http://127.0.0.1:7120/',
        auth: { method: 'token', token: 'tok' },
      }),
    ).toEqual({
      url: 'http://127.0.0.1:7120',
      namespace: undefined,
      kvMount: 'secret',
      kubernetesAuthMount: 'kubernetes',
      databaseMount: 'database',
      auth: { method: 'token', token: 'tok' },
    });
  });

  it('reads AppRole auth with its default mount', () => {
    expect(
      read({
        url: 'https://vault.example.com:8200',
        namespace: 'admin',
        auth: { method: 'approle', roleId: 'r', secretId: 's' },
      }),
    ).toMatchObject({
      namespace: 'admin',
      auth: { method: 'approle', roleId: 'r', secretId: 's', mount: 'approle' },
    });
  });

  it.each([
    [
      { url: 'http://v', auth: { method: 'ldap' } },
      'eksPlatform.vault.auth.method must be "token" or "approle", got "ldap"',
    ],
    [
      { url: 'vault.example.com:8200', auth: { method: 'token', token: 't' } },
      'eksPlatform.vault.url must be an http(s) URL',
    ],
  ])('refuses %j with the key to fix', (vault, message) => {
    expect(() => read(vault)).toThrow(message);
  });
});
