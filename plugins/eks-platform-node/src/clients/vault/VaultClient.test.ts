import {
  VaultSimulator,
  startVaultSimulator,
} from '@internal/eks-platform-sandbox';
import { sandboxVaultClient } from '../../__testUtils__/sandboxClients';

// The registrar AppRole every sandbox namespace starts with (it only opens
// the local simulator).
const APPROLE = {
  method: 'approle' as const,
  roleId: 'sandbox-backstage-role-id',
  secretId: 'sandbox-backstage-secret-id',
  mount: 'approle',
};

describe('VaultClient', () => {
  let vault: VaultSimulator;
  beforeEach(async () => {
    vault = await startVaultSimulator();
  });
  afterEach(() => vault.close());

  it('logs in with the AppRole once and reuses the client token', async () => {
    const client = sandboxVaultClient(vault, APPROLE);
    for (const name of ['a', 'b']) {
      await client.request({
        operation: `write policy "${name}"`,
        method: 'PUT',
        path: `/sys/policies/acl/${name}`,
        body: { policy: 'path "secret/data/a" { capabilities = ["read"] }' },
      });
    }
    expect(vault.requestCounts.get('POST /v1/auth/approle/login')).toBe(1);
    expect(Object.keys(vault.policies(''))).toEqual(
      expect.arrayContaining(['a', 'b']),
    );
  });

  it('sends the Vault namespace with every call', async () => {
    const client = sandboxVaultClient(vault, undefined, 'admin');
    await client.request({
      operation: 'write policy "in-admin"',
      method: 'PUT',
      path: '/sys/policies/acl/in-admin',
      body: { policy: 'path "x" { capabilities = ["read"] }' },
    });
    expect(vault.policies('admin')['in-admin']).toBeDefined();
    expect(vault.policies('')['in-admin']).toBeUndefined();
  });

  it('explains a rejected AppRole login without echoing the secret id', async () => {
    const client = sandboxVaultClient(vault, {
      ...APPROLE,
      secretId: 'wrong-secret-id-value',
    });
    const error = await client
      .request({
        operation: 'read',
        method: 'GET',
        path: '/sys/policies/acl/a',
      })
      .catch(e => e);
    expect(error.message).toMatch(
      /Vault failed to log in with AppRole \(mount "approle"\) \(HTTP 400\).*check eksPlatform.vault.auth.roleId and secretId/,
    );
    expect(error.message).not.toContain('wrong-secret-id-value');
  });

  it('says which capability is missing on 403', async () => {
    const client = sandboxVaultClient(vault, APPROLE);
    const error = await client
      .request({
        operation: 'read secret',
        method: 'GET',
        path: '/secret/data/x',
      })
      .catch(e => e);
    expect(error.failure.status).toBe(403);
    expect(error.message).toContain(
      'lacks a capability for this path; extend its policy',
    );
  });
});
