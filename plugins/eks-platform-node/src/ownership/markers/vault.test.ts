import {
  VaultSimulator,
  startVaultSimulator,
} from '@internal/eks-platform-sandbox';
import { VaultClient } from '../../clients/vault/VaultClient';
import { sandboxVaultClient } from '../../__testUtils__/sandboxClients';
import {
  kvCustomMetadata,
  readKvMarker,
  readVaultPolicyMarker,
  readVaultRoleMarker,
  vaultRoleAliasMetadata,
  withVaultPolicyMarker,
} from './vault';

const marker = {
  entityRef: 'component:default/payments',
  ownerRef: 'group:default/team-a',
};

/* Each marker is written to the sandbox Vault and read back as Vault returns it. */
describe('Vault ownership markers', () => {
  let vault: VaultSimulator;
  let client: VaultClient;
  beforeEach(async () => {
    vault = await startVaultSimulator();
    client = sandboxVaultClient(vault);
  });
  afterEach(() => vault.close());

  const get = async (path: string) =>
    (
      await client.request({
        operation: 'read',
        method: 'GET',
        path,
        accept: [404],
      })
    ).body?.data;

  it('round-trips through an ACL policy’s text, which still parses', async () => {
    const policy = withVaultPolicyMarker(
      '# Managed by Backstage\npath "secret/data/payments" {\n  capabilities = ["read"]\n}\n',
      marker,
    );
    await client.request({
      operation: 'write policy',
      method: 'PUT',
      path: '/sys/policies/acl/payments',
      body: { policy },
    });
    const read = await get('/sys/policies/acl/payments');
    expect(read.policy).toBe(policy);
    expect(readVaultPolicyMarker(read.policy)).toEqual(marker);
    expect(readVaultPolicyMarker(undefined)).toBeUndefined();
  });

  it('round-trips through alias_metadata of a Kubernetes auth role', async () => {
    await client.request({
      operation: 'write role',
      method: 'POST',
      path: '/auth/kubernetes/role/payments',
      body: {
        bound_service_account_names: ['payments'],
        bound_service_account_namespaces: ['payments'],
        token_policies: ['payments'],
        alias_metadata: vaultRoleAliasMetadata(marker),
      },
    });
    expect(
      readVaultRoleMarker(await get('/auth/kubernetes/role/payments')),
    ).toEqual(marker);
  });

  it('finds no marker on a role written without one', async () => {
    await client.request({
      operation: 'write role',
      method: 'POST',
      path: '/auth/kubernetes/role/legacy',
      body: {
        bound_service_account_names: ['legacy'],
        bound_service_account_namespaces: ['legacy'],
      },
    });
    expect(
      readVaultRoleMarker(await get('/auth/kubernetes/role/legacy')),
    ).toBeUndefined();
  });

  it('round-trips through custom_metadata of a KV v2 secret', async () => {
    await client.request({
      operation: 'write metadata',
      method: 'POST',
      path: '/secret/metadata/payments/config',
      body: { custom_metadata: kvCustomMetadata(marker) },
    });
    expect(readKvMarker(await get('/secret/metadata/payments/config'))).toEqual(
      marker,
    );
    await client.request({
      operation: 'write secret',
      method: 'POST',
      path: '/secret/data/other',
      body: { data: {} },
    });
    expect(readKvMarker(await get('/secret/metadata/other'))).toBeUndefined();
  });
});
