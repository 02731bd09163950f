import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportVaultSecretsToEnvironment } from './vaultSecretsEnvironment';

function secretsDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-secrets-'));
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('exportVaultSecretsToEnvironment', () => {
  it('exports the keys of the rendered KV secrets as variables', () => {
    const dir = secretsDir({
      'backstage-portal': JSON.stringify({
        POSTGRES_PASSWORD: 'pw',
        BACKEND_SECRET: 's',
      }),
    });
    const env: NodeJS.ProcessEnv = {};
    const result = exportVaultSecretsToEnvironment(dir, env);
    expect(env).toEqual({ POSTGRES_PASSWORD: 'pw', BACKEND_SECRET: 's' });
    expect(result).toEqual({
      files: ['backstage-portal'],
      exported: ['POSTGRES_PASSWORD', 'BACKEND_SECRET'],
    });
  });

  it('keeps variables the environment already sets', () => {
    const dir = secretsDir({
      portal: JSON.stringify({ REDIS_URL: 'redis://vault', APP_BASE_URL: 'x' }),
    });
    const env: NodeJS.ProcessEnv = { REDIS_URL: 'redis://operator' };
    exportVaultSecretsToEnvironment(dir, env);
    expect(env).toEqual({ REDIS_URL: 'redis://operator', APP_BASE_URL: 'x' });
  });

  it('leaves files that are not flat string objects and keys that are not variable names', () => {
    const dir = secretsDir({
      'database.json': JSON.stringify({ username: 'u', password: 'p', ttl: 3 }),
      'ca-bundle.pem': '-----BEGIN CERTIFICATE-----',
      portal: JSON.stringify({ 'not-a-var': 'x', GITHUB_TOKEN: 't' }),
    });
    const env: NodeJS.ProcessEnv = {};
    const result = exportVaultSecretsToEnvironment(dir, env);
    expect(env).toEqual({ GITHUB_TOKEN: 't' });
    expect(result.files).toEqual(['portal']);
  });

  it('refuses two secrets that set one variable differently, naming both', () => {
    const dir = secretsDir({
      a: JSON.stringify({ BACKEND_SECRET: 'one' }),
      b: JSON.stringify({ BACKEND_SECRET: 'two' }),
    });
    const env: NodeJS.ProcessEnv = {};
    expect(() => exportVaultSecretsToEnvironment(dir, env)).toThrow(
      'Vault secrets a and b both set BACKEND_SECRET to different values',
    );
    expect(env).toEqual({});
  });

  it('does nothing where no Vault agent runs', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(
      exportVaultSecretsToEnvironment(
        path.join(os.tmpdir(), 'no-such-dir-x'),
        env,
      ),
    ).toEqual({ files: [], exported: [] });
    expect(env).toEqual({});
  });
});
