import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  VaultSimulator,
  startVaultSimulator,
} from '@internal/eks-platform-sandbox';
import {
  closedPortUrl,
  createRecordingAuditor,
  createTestContext,
  testCallPolicy,
} from '../../__testUtils__/testContext';
import { createVaultRegisterAction } from './vaultRegister';

// The registrar AppRole every sandbox namespace starts with (not a secret:
// it only opens the local simulator).
const DEFAULT_APPROLE = {
  roleId: 'sandbox-backstage-role-id',
  secretId: 'sandbox-backstage-secret-id',
};

describe('eks:vault:register', () => {
  let vault: VaultSimulator;

  beforeEach(async () => {
    vault = await startVaultSimulator();
  });
  afterEach(async () => {
    await vault.close();
  });

  function setup(
    options: { auth?: object; url?: string; namespace?: string } = {},
  ) {
    const { auditor, events } = createRecordingAuditor();
    const { policy, delays } = testCallPolicy();
    const config = new ConfigReader({
      eksPlatform: {
        vault: {
          url: options.url ?? vault.url,
          ...(options.namespace ? { namespace: options.namespace } : {}),
          // Least privilege like production: the registrar AppRole, not root.
          auth: options.auth ?? {
            method: 'approle',
            roleId: DEFAULT_APPROLE.roleId,
            secretId: DEFAULT_APPROLE.secretId,
          },
        },
      },
    });
    return {
      action: createVaultRegisterAction({
        config,
        auditor,
        callPolicy: policy,
      }),
      events,
      delays,
    };
  }

  const input = {
    serviceName: 'payments-api',
    namespace: 'payments',
    secretPaths: ['payments-api/config', 'payments-api/stripe'],
  };

  it('writes a least-privilege policy, a Kubernetes auth role and empty KV paths', async () => {
    const { action, events } = setup();
    const { ctx, outputs, logs } = createTestContext(input);
    await action.handler(ctx);

    const policy = vault.policies('')['payments-api'];
    expect(policy).toContain(
      'path "secret/data/payments-api/config" {\n  capabilities = ["read"]',
    );
    expect(policy).toContain('path "secret/data/payments-api/stripe"');
    expect(policy).not.toMatch(/\*|create|update|delete|list/);
    expect(vault.kubernetesRole('payments-api')).toMatchObject({
      bound_service_account_names: ['payments-api'],
      bound_service_account_namespaces: ['payments'],
      token_policies: ['payments-api'],
      token_ttl: 3600,
      token_max_ttl: 14400,
    });
    expect(vault.secretPaths().sort()).toEqual([
      'payments-api/config',
      'payments-api/stripe',
    ]);
    expect(outputs).toEqual({
      policyName: 'payments-api',
      roleName: 'payments-api',
      secretPaths: [
        'secret/data/payments-api/config',
        'secret/data/payments-api/stripe',
      ],
      authPath: 'auth/kubernetes',
    });
    expect(events.map(e => `${e.eventId}:${e.outcome}`)).toEqual([
      'vault-policy-create:success',
      'vault-kubernetes-role-create:success',
      'vault-secret-path-create:success',
      'vault-secret-path-create:success',
    ]);
    const text = logs.join('\n') + JSON.stringify(outputs);
    expect(text).not.toContain(DEFAULT_APPROLE.secretId);
    expect(text).not.toMatch(/hv[sb]\./);
  });

  it('never overwrites an existing secret and is idempotent on a second run', async () => {
    const { action, events } = setup({
      auth: { method: 'token', token: vault.rootToken },
    });
    const write = await fetch(
      `${vault.url}/v1/secret/data/payments-api/config`,
      {
        method: 'POST',
        headers: { 'X-Vault-Token': vault.rootToken },
        body: JSON.stringify({ data: { apiKey: 'do-not-touch' } }),
      },
    );
    expect(write.ok).toBe(true);
    await action.handler(createTestContext(input).ctx);
    const eventsAfterFirst = events.length;
    const second = createTestContext(input);
    await action.handler(second.ctx);

    expect(vault.secret('payments-api/config')).toEqual({
      apiKey: 'do-not-touch',
    });
    expect(events.length).toBe(eventsAfterFirst);
    expect(second.logs.join('\n')).toContain(
      'already grants exactly these paths',
    );
    expect(second.logs.join('\n')).toContain('already exists; left untouched');
    expect(Object.keys(vault.policies(''))).toContain('payments-api');
  });

  it('updates policy and role when the spec changes', async () => {
    const { action, events } = setup();
    await action.handler(createTestContext(input).ctx);
    await action.handler(
      createTestContext({
        ...input,
        secretPaths: ['payments-api/config'],
        serviceAccount: 'payments-sa',
        tokenTtl: '15m',
      }).ctx,
    );
    expect(vault.policies('')['payments-api']).not.toContain('stripe');
    expect(vault.kubernetesRole('payments-api')).toMatchObject({
      bound_service_account_names: ['payments-sa'],
      token_ttl: 900,
    });
    expect(events.map(e => e.eventId)).toEqual(
      expect.arrayContaining([
        'vault-policy-update',
        'vault-kubernetes-role-update',
      ]),
    );
  });

  it('creates a database role and grants its credentials path', async () => {
    const { action } = setup({
      auth: { method: 'token', token: vault.rootToken },
    });
    const dbInput = {
      ...input,
      databaseRole: {
        name: 'payments-api',
        dbName: 'payments-postgres',
        creationStatements: [
          'CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\';',
        ],
        defaultTtl: '1h',
        maxTtl: '24h',
      },
    };
    const { ctx, outputs } = createTestContext(dbInput);
    await action.handler(ctx);
    expect(vault.databaseRole('payments-api')).toMatchObject({
      db_name: 'payments-postgres',
      default_ttl: 3600,
      max_ttl: 86400,
    });
    expect(vault.policies('')['payments-api']).toContain(
      'path "database/creds/payments-api"',
    );
    expect(outputs.databaseCredsPath).toBe('database/creds/payments-api');
  });

  it('works inside a Vault namespace', async () => {
    const { action } = setup({
      auth: { method: 'token', token: vault.rootToken },
    });
    await action.handler(
      createTestContext({ ...input, vaultNamespace: 'admin' }).ctx,
    );
    expect(vault.policies('admin')['payments-api']).toBeDefined();
    expect(vault.policies('')['payments-api']).toBeUndefined();
  });

  it('makes no call in dry run', async () => {
    const { action } = setup();
    const { ctx, outputs } = createTestContext(input, { dryRun: true });
    await action.handler(ctx);
    expect(vault.requestCounts.size).toBe(0);
    expect(outputs.policyName).toBe('payments-api');
  });

  it.each([
    [{ serviceName: 'Payments' }, /serviceName/],
    [{ secretPaths: ['payments-api/*'] }, /secretPaths\[0\].*no "\*"/],
    [{ secretPaths: ['../sys/policies'] }, /secretPaths\[0\]/],
    [{ secretPaths: ['a', 'a'] }, /listed twice/],
    [{ tokenTtl: 'forever' }, /tokenTtl/],
    [{ tokenTtl: '5h', tokenMaxTtl: '1h' }, /longer than the maximum/],
    [{ namespace: 'Payments' }, /namespace/],
    [
      {
        databaseRole: {
          name: 'x',
          dbName: 'db',
          creationStatements: ['SELECT 1'],
        },
      },
      /creationStatements/,
    ],
    [{ vaultNamespace: 'a/../b' }, /vaultNamespace/],
  ])('rejects bad input %j before any call', async (bad, message) => {
    const { action } = setup();
    const error = await action
      .handler(createTestContext({ ...input, ...bad } as any).ctx)
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
    expect(vault.requestCounts.size).toBe(0);
  });

  it.each([
    [400, 1],
    [403, 1],
    [404, 1],
    [409, 1],
    [500, 3],
    [503, 3],
  ])(
    'reports HTTP %d from the role write with what already exists',
    async (status, attempts) => {
      const { action } = setup();
      vault.setFailure({ operation: 'kubernetes.role.write', status });
      const { ctx, logs } = createTestContext(input);
      const error = await action.handler(ctx).catch(e => e);
      expect(error.name).toBe('UpstreamError');
      expect(error.message).toContain(
        `Vault failed to write Kubernetes auth role "payments-api" (HTTP ${status})`,
      );
      expect(
        vault.requestCounts.get('POST /v1/auth/kubernetes/role/payments-api'),
      ).toBe(attempts);
      expect(logs.join('\n')).toContain(
        'Already in place: policy payments-api',
      );
    },
  );

  it('explains a rejected AppRole login without printing the secret id', async () => {
    const { action } = setup({
      auth: {
        method: 'approle',
        roleId: DEFAULT_APPROLE.roleId,
        secretId: 'wrong-secret-id-0001',
      },
    });
    const { ctx, logs } = createTestContext(input);
    const error = await action.handler(ctx).catch(e => e);
    expect(error.message).toMatch(
      /Vault failed to log in with AppRole.*HTTP 400.*check eksPlatform.vault.auth.roleId and secretId/,
    );
    expect([error.message, ...logs].join('\n')).not.toContain(
      'wrong-secret-id-0001',
    );
  });

  it('explains a token without permission (403)', async () => {
    const { action } = setup({
      auth: { method: 'token', token: 'hvs.unknown-token-aaaaaaaaaaaaaaaa' },
    });
    const error = await action
      .handler(createTestContext(input).ctx)
      .catch(e => e);
    expect(error.message).toMatch(
      /Vault failed to read policy "payments-api" \(HTTP 403\).*extend its policy/,
    );
    expect(error.message).not.toContain('hvs.unknown-token');
  });

  it('retries 429 honouring Retry-After', async () => {
    const { action, delays } = setup();
    vault.setFailure({
      operation: 'kv.write',
      status: 429,
      retryAfterSeconds: 2,
      times: 1,
    });
    await action.handler(createTestContext(input).ctx);
    expect(delays).toEqual([2000]);
    expect(vault.secretPaths()).toHaveLength(2);
  });

  it('times out a hung call', async () => {
    const { action } = setup();
    vault.setFailure({ operation: 'sys.policy.read', hang: true });
    const error = await action
      .handler(createTestContext(input).ctx)
      .catch(e => e);
    expect(error.message).toContain(
      'Vault failed to read policy "payments-api" (TIMEOUT)',
    );
  });

  it('reports an unreachable Vault', async () => {
    const { action } = setup({ url: await closedPortUrl() });
    const error = await action
      .handler(createTestContext(input).ctx)
      .catch(e => e);
    expect(error.message).toMatch(
      /Vault failed to log in with AppRole.*\(ECONNREFUSED\)/,
    );
  });

  it('resumes after a crash without rewriting completed steps', async () => {
    const { action } = setup();
    const store = new Map();
    vault.setFailure({ operation: 'kv.write', status: 500 });
    await expect(
      action.handler(createTestContext(input, { store }).ctx),
    ).rejects.toThrow();
    vault.clearFailures();
    const writesBefore = vault.requestCounts.get(
      'PUT /v1/sys/policies/acl/payments-api',
    );
    await action.handler(createTestContext(input, { store }).ctx);
    expect(
      vault.requestCounts.get('PUT /v1/sys/policies/acl/payments-api'),
    ).toBe(writesBefore);
    expect(vault.secretPaths()).toHaveLength(2);
  });
});
