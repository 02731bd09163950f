import {
  VaultSimulator,
  startVaultSimulator,
} from '@internal/eks-platform-sandbox';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { testCallPolicy } from '../../__testUtils__/callPolicy';
import {
  sandboxVaultClient,
  sandboxVaultConfig,
} from '../../__testUtils__/sandboxClients';
import { VaultClient } from './VaultClient';
import { requireVaultRoleMarkers, vaultVersionAtLeast } from './vaultVersion';

describe('vaultVersionAtLeast', () => {
  it.each([
    ['1.21.0', true],
    ['1.21.2+ent', true],
    ['v1.22.0', true],
    ['2.0.0', true],
    ['1.20.9', false],
    ['1.9.10', false],
    ['1.17.6+ent.hsm', false],
    ['banana', false],
  ])('%s → %s', (version, expected) => {
    expect(vaultVersionAtLeast(version, '1.21.0')).toBe(expected);
  });
});

describe('requireVaultRoleMarkers', () => {
  let vault: VaultSimulator;
  beforeEach(async () => {
    vault = await startVaultSimulator();
  });
  afterEach(() => vault.close());

  it('reads the version from sys/health without a token or namespace', async () => {
    const client = sandboxVaultClient(
      vault,
      { method: 'token', token: 'hvs.not-a-token' },
      'admin',
    );
    await expect(requireVaultRoleMarkers(client)).resolves.toBe('1.21.2+ent');
  });

  describe('against an older Vault', () => {
    let old: Server;
    let url: string;
    beforeEach(async () => {
      // A Vault 1.17 answers sys/health with its version, nothing else matters here.
      old = createServer((req, res) => {
        res.writeHead(req.url?.startsWith('/v1/sys/health') ? 200 : 404, {
          'Content-Type': 'application/json',
        });
        res.end(JSON.stringify({ initialized: true, version: '1.17.6' }));
      });
      await new Promise<void>(r => old.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(old.address() as AddressInfo).port}`;
    });
    afterEach(() => new Promise(r => old.close(r)));

    it('refuses, naming the version and the upgrade', async () => {
      const client = new VaultClient(
        { ...sandboxVaultConfig(vault), url },
        testCallPolicy().policy,
        undefined,
      );
      await expect(requireVaultRoleMarkers(client)).rejects.toThrow(
        "Vault failed to check that it can store owner markers on auth roles (UNSUPPORTED_VERSION): server version 1.17.6. The platform records who owns each Kubernetes auth role in the role's alias_metadata, which Vault stores from 1.21.0; upgrade Vault to 1.21.0 or newer. Nothing was changed.",
      );
    });
  });
});
