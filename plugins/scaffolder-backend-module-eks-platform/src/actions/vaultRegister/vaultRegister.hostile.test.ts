import { ConfigReader } from '@backstage/config';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import {
  VaultSimulator,
  startVaultSimulator,
} from '@internal/eks-platform-sandbox';
import {
  HostileCase,
  callerTrustCases,
  hostileRows,
  hostileTally,
} from '../../__testUtils__/hostile';
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
  serviceEntity,
  testTrust,
  withPlatformTrust,
} from '../../__testUtils__/trust';
import { createVaultRegisterAction } from './vaultRegister';

/*
 * Every hostile-input class of issue 10 for eks:vault:register, through the
 * real action against the sandbox Vault: each is refused with InputError,
 * NotAllowedError or ConflictError, and Vault receives no write request.
 */

const TEAM_B_MARKER = {
  'eks.platform/entity-ref': 'component:default/payments-api',
  'eks.platform/owner-ref': TEAM_B,
};
const DB = { name: 'payments-api', dbName: 'payments-postgres' };

const CASES: HostileCase[] = [
  ...[
    { policyName: 'default' },
    { policyName: 'root' },
    { roleName: 'admin' },
    { roleName: 'backstage-registrar' },
    { serviceName: 'root', secretPaths: ['root/config'] },
  ].map(input => ({
    class: 'reserved Vault policy or role name',
    input,
    refusal: NotAllowedError,
    message: /reserved Vault name/,
  })),
  ...[
    { policyName: 'billing' },
    { policyName: 'payments' },
    { roleName: 'payments-api2' },
  ].map(input => ({
    class: 'policy or role name of another service',
    input,
    refusal: NotAllowedError,
    message: /is not a name of service "payments-api"/,
  })),
  ...[
    ['billing/config'],
    ['payments-api2/config'],
    ['payments'],
    ['payments-api/config', 'shared/database'],
  ].map(secretPaths => ({
    class: "KV path outside the service's prefix",
    input: { secretPaths },
    refusal: NotAllowedError,
    message: /outside this service's secrets/,
  })),
  ...[
    ['../sys/policies/acl/root'],
    ['payments-api/*'],
    ['payments-api/+/x'],
    ['payments-api/../billing'],
    ['/payments-api'],
  ].map(secretPaths => ({
    class: 'KV path traversal or glob',
    input: { secretPaths },
    refusal: InputError,
  })),
  {
    class: 'caller-written SQL for a database role',
    input: {
      databaseRole: {
        ...DB,
        template: 'readwrite',
        creationStatements: ['CREATE ROLE "{{name}}" SUPERUSER;'],
      },
    },
    refusal: InputError,
    message: /SQL is not taken from templates/,
  },
  ...['superuser', 'admin'].map(template => ({
    class: 'database role template the platform does not define',
    input: { databaseRole: { ...DB, template } },
    refusal: NotAllowedError,
    message: /is not a database role template/,
  })),
  ...['billing-postgres', 'postgres'].map(dbName => ({
    class: 'database connection not mapped to the owning team',
    input: { databaseRole: { ...DB, dbName, template: 'readwrite' } },
    refusal: NotAllowedError,
    message: /is not a database connection of the owning team/,
  })),
  {
    class: 'database role name of another service',
    input: { databaseRole: { ...DB, name: 'billing', template: 'readwrite' } },
    refusal: NotAllowedError,
  },
  ...['billing', 'kube-system', 'default', 'vault', 'argocd'].map(
    namespace => ({
      class: "namespace outside the owning team's",
      input: { namespace },
      refusal: NotAllowedError,
    }),
  ),
  {
    class: 'environment the platform does not have',
    input: { environments: ['qa'] },
    refusal: InputError,
  },
  ...callerTrustCases({
    registered: {
      serviceName: 'registered-svc',
      namespace: 'billing',
      secretPaths: ['registered-svc/config'],
    },
    malformedRefs: [
      { owner: 'user:default/alice' },
      { owner: 'group:default/team-a\n# eks.platform/owner-ref: x' },
      { entityRef: 'component:default/billing' },
    ],
    adoptMessage: /may not use "adoptExisting"/,
  }),
  ...[
    'policy of team B',
    'Kubernetes auth role of team B',
    'KV path of team B',
    'registration of team B',
  ].map(seed => ({
    class: "another team's existing resource",
    input: {},
    seed,
    refusal: ConflictError,
    message:
      /belongs to component:default\/payments-api \(owner group:default\/team-b\)/,
  })),
  ...[
    'unmarked policy',
    'unmarked Kubernetes auth role',
    'unmarked KV path with a value',
    'database role no policy of the service grants',
  ].map(seed => ({
    class: 'existing resource without an owner marker',
    input: { databaseRole: { ...DB, template: 'readwrite' } },
    seed,
    refusal: ConflictError,
    message:
      /has no owner marker|no policy of component:default\/payments-api grants/,
  })),
  {
    class: 'adoption of a resource another team owns',
    input: { adoptExisting: true },
    user: ROOT,
    seed: 'policy of team B',
    refusal: ConflictError,
    message: /only applies to resources without an owner marker/,
  },
];

describe('eks:vault:register refuses hostile input before any write', () => {
  let vault: VaultSimulator;
  beforeEach(async () => {
    vault = await startVaultSimulator();
  });
  afterEach(() => vault.close());

  const data = () =>
    withPlatformTrust({
      eksPlatform: {
        vault: {
          url: vault.url,
          // Least privilege, as in production: the registrar AppRole.
          auth: {
            method: 'approle',
            roleId: 'sandbox-backstage-role-id',
            secretId: 'sandbox-backstage-secret-id',
          },
        },
      },
    });
  const action = () =>
    createVaultRegisterAction({
      config: new ConfigReader(data()),
      auditor: createRecordingAuditor().auditor,
      callPolicy: testCallPolicy().policy,
      ...testTrust(data(), [serviceEntity('registered-svc', 'team-a')]),
    });

  const root = (method: string, path: string, body: object) =>
    fetch(`${vault.url}/v1/${path}`, {
      method,
      headers: { 'X-Vault-Token': vault.rootToken },
      body: JSON.stringify(body),
    });
  const role = (extra: object) => ({
    bound_service_account_names: ['payments-api'],
    bound_service_account_namespaces: ['billing'],
    token_policies: ['payments-api'],
    ...extra,
  });
  const seeds: Record<string, () => Promise<unknown>> = {
    'policy of team B': () =>
      root('PUT', 'sys/policies/acl/payments-api', {
        policy: `# eks.platform/entity-ref: component:default/payments-api\n# eks.platform/owner-ref: ${TEAM_B}\npath "secret/data/payments-api" {\n  capabilities = ["read"]\n}\n`,
      }),
    'Kubernetes auth role of team B': () =>
      root(
        'POST',
        'auth/kubernetes/role/payments-api',
        role({ alias_metadata: TEAM_B_MARKER }),
      ),
    'KV path of team B': () =>
      root('POST', 'secret/metadata/payments-api/config', {
        custom_metadata: TEAM_B_MARKER,
      }),
    'registration of team B': () =>
      action().handler(
        createTestContext(
          {
            serviceName: 'payments-api',
            owner: TEAM_B,
            namespace: 'billing',
            secretPaths: ['payments-api/config'],
          },
          { user: BOB },
        ).ctx,
      ),
    'unmarked policy': () =>
      root('PUT', 'sys/policies/acl/payments-api', {
        policy: 'path "secret/data/payments-api" { capabilities = ["read"] }',
      }),
    'unmarked Kubernetes auth role': () =>
      root('POST', 'auth/kubernetes/role/payments-api', role({})),
    'unmarked KV path with a value': () =>
      root('POST', 'secret/data/payments-api/config', {
        data: { password: 'hunter2' },
      }),
    'database role no policy of the service grants': () =>
      root('POST', 'database/roles/payments-api', {
        db_name: 'payments-postgres',
        creation_statements: ['CREATE ROLE "{{name}}";'],
      }),
  };

  const base = {
    serviceName: 'payments-api',
    owner: TEAM_A,
    namespace: 'payments',
    secretPaths: ['payments-api/config'],
  };

  it.each(hostileRows(CASES))('refuses %s', async (_name, hostile) => {
    if (hostile.seed) await seeds[hostile.seed]();
    const writesBefore = [...vault.writeRequests];
    const { ctx } = createTestContext(
      { ...base, ...hostile.input },
      { user: hostile.user ?? ALICE },
    );
    const error = await action()
      .handler(ctx)
      .catch(e => e);
    expect(error).toBeInstanceOf(hostile.refusal);
    expect(error.message).toMatch(hostile.message ?? /\S/);
    expect(error.message).not.toContain('sandbox-backstage-secret-id');
    expect(vault.writeRequests).toEqual(writesBefore);
  });

  it('covers every class with at least one input', () => {
    expect(hostileTally(CASES)).toEqual({ inputs: 46, classes: 17 });
  });
});
