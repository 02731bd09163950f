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
import {
  ALICE,
  DATABASE_ROLE_TEMPLATES,
  TEAM_A,
  testTrust,
  withPlatformTrust,
} from '../../__testUtils__/trust';
import { createVaultRegisterAction } from './vaultRegister';

const MARKER = {
  'eks.platform/entity-ref': 'component:default/payments-api',
  'eks.platform/owner-ref': TEAM_A,
};

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
    options: {
      auth?: object;
      url?: string;
      namespace?: string;
      timeoutMs?: number;
    } = {},
  ) {
    const { auditor, events } = createRecordingAuditor();
    const { policy, delays } = testCallPolicy({}, options.timeoutMs);
    const data = withPlatformTrust({
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
        config: new ConfigReader(data),
        auditor,
        callPolicy: policy,
        ...testTrust(data),
      }),
      events,
      delays,
    };
  }

  const input = {
    serviceName: 'payments-api',
    owner: TEAM_A,
    namespace: 'payments',
    secretPaths: ['payments-api/config', 'payments-api/stripe'],
  };
  const run = (
    values: object,
    options: { dryRun?: boolean; store?: any } = {},
  ) => createTestContext(values as any, { user: ALICE, ...options });

  it('writes a least-privilege policy, a Kubernetes auth role and empty KV paths, each with the owner marker', async () => {
    const { action, events } = setup();
    const { ctx, outputs, logs } = run(input);
    await action.handler(ctx);

    const policy = vault.policies('')['payments-api'];
    expect(policy.split('\n').slice(0, 2)).toEqual([
      '# eks.platform/entity-ref: component:default/payments-api',
      '# eks.platform/owner-ref: group:default/team-a',
    ]);
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
      alias_metadata: MARKER,
    });
    expect(vault.secretPaths().sort()).toEqual([
      'payments-api/config',
      'payments-api/stripe',
    ]);
    const metadata = await (
      await fetch(`${vault.url}/v1/secret/metadata/payments-api/config`, {
        headers: { 'X-Vault-Token': vault.rootToken },
      })
    ).json();
    expect(metadata.data).toMatchObject({
      custom_metadata: MARKER,
      current_version: 1,
    });
    expect(outputs).toEqual({
      policyName: 'payments-api',
      roleName: 'payments-api',
      secretPaths: [
        'secret/data/payments-api/config',
        'secret/data/payments-api/stripe',
      ],
      authPath: 'auth/kubernetes',
      authPaths: { dev: 'auth/kubernetes', prod: 'auth/kubernetes' },
    });
    expect(events.map(e => `${e.eventId}:${e.outcome}`)).toEqual([
      'vault-policy-create:success',
      'vault-kubernetes-role-create:success',
      'vault-secret-path-create:success',
      'vault-secret-path-create:success',
    ]);
    expect(events[0].meta).toMatchObject({
      initiator: ALICE,
      ownership: 'create',
    });
    const text = logs.join('\n') + JSON.stringify(outputs);
    expect(text).not.toContain(DEFAULT_APPROLE.secretId);
    expect(text).not.toMatch(/hv[sb]\./);
  });

  it("binds the role to the team's namespaces per auth mount when no namespace is given", async () => {
    const { action } = setup();
    await action.handler(
      run({ ...input, namespace: undefined, environments: ['prod'] }).ctx,
    );
    expect(vault.kubernetesRole('payments-api')).toMatchObject({
      bound_service_account_namespaces: ['payments'],
    });
  });

  it('is idempotent: a second run for the same service and owner writes nothing', async () => {
    const { action, events } = setup();
    await action.handler(run(input).ctx);
    const eventsAfterFirst = events.length;
    const writesAfterFirst = vault.writeRequests.length;
    const second = run(input);
    await action.handler(second.ctx);

    expect(vault.writeRequests.length).toBe(writesAfterFirst);
    expect(events.length).toBe(eventsAfterFirst);
    const log = second.logs.join('\n');
    expect(log).toContain('already grants exactly these paths');
    expect(log).toContain('already matches');
    expect(log).toContain('already exists for this service; left untouched');
  });

  it('never overwrites a value filled in after registration', async () => {
    const { action } = setup();
    await action.handler(run(input).ctx);
    await fetch(`${vault.url}/v1/secret/data/payments-api/config`, {
      method: 'POST',
      headers: { 'X-Vault-Token': vault.rootToken },
      body: JSON.stringify({ data: { apiKey: 'do-not-touch' } }),
    });
    await action.handler(run(input).ctx);
    expect(vault.secret('payments-api/config')).toEqual({
      apiKey: 'do-not-touch',
    });
  });

  it('updates policy and role when the spec changes', async () => {
    const { action, events } = setup();
    await action.handler(run(input).ctx);
    await action.handler(
      run({
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
        template: 'readonly',
        defaultTtl: '1h',
        maxTtl: '24h',
      },
    };
    const { ctx, outputs } = run(dbInput);
    await action.handler(ctx);
    expect(vault.databaseRole('payments-api')).toMatchObject({
      db_name: 'payments-postgres',
      // The platform's statements, never the template input's.
      creation_statements: DATABASE_ROLE_TEMPLATES.readonly,
      default_ttl: 3600,
      max_ttl: 86400,
    });
    // A second run finds the role granted by this service's policy: ours.
    const writes = vault.writeRequests.length;
    await action.handler(run(dbInput).ctx);
    expect(vault.writeRequests.length).toBe(writes);
    expect(vault.policies('')['payments-api']).toContain(
      'path "database/creds/payments-api"',
    );
    expect(outputs.databaseCredsPath).toBe('database/creds/payments-api');
  });

  it('works inside a Vault namespace', async () => {
    const { action } = setup({
      auth: { method: 'token', token: vault.rootToken },
    });
    await action.handler(run({ ...input, vaultNamespace: 'admin' }).ctx);
    expect(vault.policies('admin')['payments-api']).toBeDefined();
    expect(vault.policies('')['payments-api']).toBeUndefined();
  });

  it('makes no call in dry run, and still refuses what the platform does not allow', async () => {
    const { action } = setup();
    const { ctx, outputs } = run(input, { dryRun: true });
    await action.handler(ctx);
    expect(outputs.policyName).toBe('payments-api');
    await expect(
      action.handler(
        run({ ...input, secretPaths: ['billing/config'] }, { dryRun: true })
          .ctx,
      ),
    ).rejects.toThrow(/outside this service's secrets/);
    expect(vault.requestCounts.size).toBe(0);
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
          name: 'payments-api',
          dbName: 'payments-postgres',
          template: 'Read Write',
        },
      },
      /databaseRole.template/,
    ],
    [{ environments: [] }, /environments/],
    [{ environments: ['dev', 'dev'] }, /listed twice/],
    [{ vaultNamespace: 'a/../b' }, /vaultNamespace/],
  ])('rejects bad input %j before any call', async (bad, message) => {
    const { action } = setup();
    const error = await action
      .handler(run({ ...input, ...bad } as any).ctx)
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
      const { ctx, logs } = run(input);
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
    const { ctx, logs } = run(input);
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
    const error = await action.handler(run(input).ctx).catch(e => e);
    expect(error.message).toMatch(
      /Vault failed to read policy "payments-api" \(HTTP 403\).*extend its policy/,
    );
    expect(error.message).not.toContain('hvs.unknown-token');
  });

  it('retries 429 honouring Retry-After', async () => {
    // A per-call timeout well above a loaded machine's latency: a timed-out
    // call would add its own (jittered) retry delay to the list.
    const { action, delays } = setup({ timeoutMs: 10_000 });
    vault.setFailure({
      operation: 'kv.write',
      status: 429,
      retryAfterSeconds: 2,
      times: 1,
    });
    await action.handler(run(input).ctx);
    expect(delays).toEqual([2000]);
    expect(vault.secretPaths()).toHaveLength(2);
  });

  it('times out a hung call', async () => {
    const { action } = setup();
    vault.setFailure({ operation: 'sys.policy.read', hang: true });
    const error = await action.handler(run(input).ctx).catch(e => e);
    expect(error.message).toContain(
      'Vault failed to read policy "payments-api" (TIMEOUT)',
    );
  });

  it('reports an unreachable Vault', async () => {
    const { action } = setup({ url: await closedPortUrl() });
    const error = await action.handler(run(input).ctx).catch(e => e);
    expect(error.message).toMatch(
      /Vault failed to read the server version \(sys\/health\) \(ECONNREFUSED\)/,
    );
  });

  it('resumes after a crash without rewriting completed steps', async () => {
    const { action } = setup();
    const store = new Map();
    vault.setFailure({ operation: 'kv.write', status: 500 });
    await expect(action.handler(run(input, { store }).ctx)).rejects.toThrow();
    vault.clearFailures();
    const writesBefore = vault.requestCounts.get(
      'PUT /v1/sys/policies/acl/payments-api',
    );
    await action.handler(run(input, { store }).ctx);
    expect(
      vault.requestCounts.get('PUT /v1/sys/policies/acl/payments-api'),
    ).toBe(writesBefore);
    expect(vault.secretPaths()).toHaveLength(2);
  });
});
