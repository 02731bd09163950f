import { ConfigReader } from '@backstage/config';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import {
  VaultSimulator,
  startVaultSimulator,
} from '@internal/eks-platform-sandbox';
import {
  createRecordingAuditor,
  createTestContext,
  testCallPolicy,
} from '../../__testUtils__/testContext';
import {
  ALICE,
  BOB,
  ROOT,
  TEAM_A,
  TEAM_B,
  testTrust,
  withPlatformTrust,
} from '../../__testUtils__/trust';
import { createVaultRegisterAction } from './vaultRegister';

/*
 * The ownership rules of eks:vault:register against the sandbox Vault: the
 * same owner reconciles, another owner or no owner is a conflict, and only
 * a platform admin adopts an unmarked resource (which then carries the
 * marker and reconciles like any other).
 */

const MARKER_A = {
  'eks.platform/entity-ref': 'component:default/legacy',
  'eks.platform/owner-ref': TEAM_A,
};

describe('eks:vault:register ownership', () => {
  let vault: VaultSimulator;
  beforeEach(async () => {
    vault = await startVaultSimulator();
  });
  afterEach(() => vault.close());

  function setup() {
    const data = withPlatformTrust({
      eksPlatform: {
        vault: {
          url: vault.url,
          auth: { method: 'token', token: vault.rootToken },
        },
      },
    });
    const { auditor, events } = createRecordingAuditor();
    return {
      events,
      action: createVaultRegisterAction({
        config: new ConfigReader(data),
        auditor,
        callPolicy: testCallPolicy().policy,
        ...testTrust(data),
      }),
    };
  }
  const asRoot = (method: string, path: string, body?: object) =>
    fetch(`${vault.url}/v1/${path}`, {
      method,
      headers: { 'X-Vault-Token': vault.rootToken },
      body: body && JSON.stringify(body),
    });
  const input = (owner: string, namespace: string, service = 'legacy') => ({
    serviceName: service,
    owner,
    namespace,
    secretPaths: [`${service}/config`],
  });
  /** Resources as someone made them before the platform had markers. */
  async function seedUnmarked() {
    await asRoot('PUT', 'sys/policies/acl/legacy', {
      policy: 'path "secret/data/legacy/config" { capabilities = ["read"] }',
    });
    await asRoot('POST', 'auth/kubernetes/role/legacy', {
      bound_service_account_names: ['legacy'],
      bound_service_account_namespaces: ['payments'],
      token_policies: ['legacy'],
    });
    await asRoot('POST', 'secret/data/legacy/config', {
      data: { password: 'keep-me' },
    });
  }

  it('reconciles for the same service and owner, changing nothing when nothing differs', async () => {
    const { action } = setup();
    await action.handler(
      createTestContext(input(TEAM_A, 'payments'), { user: ALICE }).ctx,
    );
    const writes = vault.writeRequests.length;
    await action.handler(
      createTestContext(input(TEAM_A, 'payments'), { user: ALICE }).ctx,
    );
    expect(vault.writeRequests.length).toBe(writes);
  });

  it("refuses another owner's resources, naming the owner, and leaves them as they are", async () => {
    const { action } = setup();
    await action.handler(
      createTestContext(input(TEAM_A, 'payments'), { user: ALICE }).ctx,
    );
    const policy = vault.policies('').legacy;
    const role = vault.kubernetesRole('legacy');
    const writes = vault.writeRequests.length;
    const error = await action
      .handler(createTestContext(input(TEAM_B, 'billing'), { user: BOB }).ctx)
      .catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      'Vault policy "legacy" belongs to component:default/legacy (owner group:default/team-a), not to component:default/legacy (owner group:default/team-b). If group:default/team-b now owns the service, ask group:default/team-a or a platform admin to hand the resource over; nothing was changed.',
    );
    expect(vault.writeRequests.length).toBe(writes);
    expect(vault.policies('').legacy).toBe(policy);
    expect(vault.kubernetesRole('legacy')).toEqual(role);
  });

  it('refuses unmarked resources, saying a platform admin can adopt them', async () => {
    const { action } = setup();
    await seedUnmarked();
    const writes = vault.writeRequests.length;
    const error = await action
      .handler(
        createTestContext(input(TEAM_A, 'payments'), { user: ALICE }).ctx,
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain(
      'Vault policy "legacy" already exists and has no owner marker, so it may belong to another team; nothing was changed.',
    );
    expect(vault.writeRequests.length).toBe(writes);
  });

  it('lets a platform admin adopt unmarked resources: marked, values kept, then owned by the team', async () => {
    const { action, events } = setup();
    await seedUnmarked();
    await action.handler(
      createTestContext(
        { ...input(TEAM_A, 'payments'), adoptExisting: true },
        { user: ROOT },
      ).ctx,
    );
    expect(vault.policies('').legacy).toMatch(
      /^# eks\.platform\/entity-ref: component:default\/legacy\n# eks\.platform\/owner-ref: group:default\/team-a\n/,
    );
    expect(vault.kubernetesRole('legacy')).toMatchObject({
      alias_metadata: MARKER_A,
    });
    const metadata = await (
      await asRoot('GET', 'secret/metadata/legacy/config')
    ).json();
    expect(metadata.data.custom_metadata).toEqual(MARKER_A);
    expect(vault.secret('legacy/config')).toEqual({ password: 'keep-me' });
    expect(
      events.filter(e => e.meta?.ownership === 'adopt').map(e => e.eventId),
    ).toEqual([
      'vault-policy-update',
      'vault-kubernetes-role-update',
      'vault-secret-path-mark',
    ]);
    expect(events[0].meta?.initiator).toBe(ROOT);

    // From now on the team's own runs reconcile: nothing left to change.
    const writes = vault.writeRequests.length;
    await action.handler(
      createTestContext(input(TEAM_A, 'payments'), { user: ALICE }).ctx,
    );
    expect(vault.writeRequests.length).toBe(writes);
  });

  it('refuses adoptExisting from a member who is not a platform admin', async () => {
    const { action } = setup();
    await seedUnmarked();
    const writes = vault.writeRequests.length;
    await expect(
      action.handler(
        createTestContext(
          { ...input(TEAM_A, 'payments'), adoptExisting: true },
          { user: ALICE },
        ).ctx,
      ),
    ).rejects.toThrow(NotAllowedError);
    expect(vault.writeRequests.length).toBe(writes);
  });
});
