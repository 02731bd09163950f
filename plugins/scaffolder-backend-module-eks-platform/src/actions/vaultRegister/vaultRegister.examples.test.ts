import { ConfigReader } from '@backstage/config';
import {
  startVaultSimulator,
  VaultSimulator,
} from '@internal/eks-platform-sandbox';
import { exampleInput } from '../../__testUtils__/examples';
import { registeredTool } from '../../__testUtils__/registryTools';
import { vaultRegisterTool } from '../../registryActions/eksWriteTools';
import {
  DANA,
  EXAMPLE_ENTITIES,
  PAYMENTS,
  withExampleTrust,
} from '../../__testUtils__/exampleTrust';
import {
  createRecordingAuditor,
  createTestContext,
  testCallPolicy,
} from '../../__testUtils__/testContext';
import { DATABASE_ROLE_TEMPLATES, testTrust } from '../../__testUtils__/trust';
import { createVaultRegisterAction } from './vaultRegister';
import { examples } from './vaultRegister.examples';

const ACTION_ID = 'eks:vault:register';

describe('eks:vault:register examples', () => {
  let vault: VaultSimulator;

  beforeEach(async () => {
    // The second example works in the Vault namespace teams/payments.
    vault = await startVaultSimulator({
      namespaces: ['admin', 'teams/payments'],
    });
  });
  afterEach(() => vault.close());

  function action() {
    const data = withExampleTrust({
      eksPlatform: {
        vault: {
          url: vault.url,
          auth: { method: 'token', token: vault.rootToken },
        },
      },
    });
    return createVaultRegisterAction({
      config: new ConfigReader(data),
      auditor: createRecordingAuditor().auditor,
      callPolicy: testCallPolicy().policy,
      ...testTrust(data, EXAMPLE_ENTITIES),
    });
  }

  it("registers a new service's policy, Kubernetes role and empty KV path (example 1)", async () => {
    const input = exampleInput(examples[0], ACTION_ID, {
      parameters: {
        name: 'orders-api',
        owner: PAYMENTS,
        namespace: 'payments',
      },
    });
    const { ctx, outputs } = createTestContext(input, { user: DANA });
    await action().handler(ctx);
    expect(outputs).toMatchObject({
      policyName: 'orders-api',
      roleName: 'orders-api',
    });
    expect(vault.kubernetesRole('orders-api')).toMatchObject({
      bound_service_account_namespaces: ['payments'],
      token_policies: ['orders-api'],
    });
    expect(vault.secretPaths()).toEqual(['orders-api/config']);
  });

  it('registers in a Vault namespace with short TTLs and a database role (example 2)', async () => {
    const input = exampleInput(examples[1], ACTION_ID);
    const { ctx, outputs } = createTestContext(input, { user: DANA });
    await action().handler(ctx);
    expect(vault.policies('teams/payments')['payments-api']).toContain(
      'path "database/creds/payments-api"',
    );
    expect(vault.policies('')['payments-api']).toBeUndefined();
    expect(outputs.databaseCredsPath).toBe('database/creds/payments-api');
    expect(
      vault.databaseRole('payments-api', { namespace: 'teams/payments' }),
    ).toMatchObject({
      db_name: 'payments-postgres',
      creation_statements: DATABASE_ROLE_TEMPLATES.readwrite,
      default_ttl: 3600,
      max_ttl: 86400,
    });
    expect(JSON.stringify(outputs)).not.toContain(vault.rootToken);
  });

  it('runs every example of the eks-vault-register agent tool (the second adds a database role)', async () => {
    const tool = registeredTool(vaultRegisterTool(action()));
    const [plain, withDatabase] = tool.examples;
    expect(tool.examples).toHaveLength(2);

    const first = await tool.call(plain.input, DANA);
    expect(first).toMatchObject({
      policyName: 'orders-api',
      roleName: 'orders-api',
    });
    expect(vault.secretPaths()).toEqual(['orders-api/config']);

    const second = await tool.call(withDatabase.input, DANA);
    expect(second.databaseCredsPath).toBe('database/creds/orders-api');
    expect(vault.databaseRole('orders-api')).toMatchObject({
      db_name: 'payments-postgres',
      creation_statements: DATABASE_ROLE_TEMPLATES.readwrite,
    });
    expect(JSON.stringify([first, second])).not.toContain(vault.rootToken);
  });
});
