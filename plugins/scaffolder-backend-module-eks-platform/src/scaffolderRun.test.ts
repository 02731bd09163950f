import {
  DatabaseManager,
  databaseServiceFactory,
} from '@backstage/backend-defaults/database';
import {
  DatabaseService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  ArgoCdSimulator,
  EcrSimulator,
  ecrSimulatorAwsConfig,
  GitHubSimulator,
  gitHubSimulatorIntegrations,
  startArgoCdSimulator,
  startEcrSimulator,
  startGitHubSimulator,
  startVaultSimulator,
  VaultSimulator,
} from '@internal/eks-platform-sandbox';
import request from 'supertest';
import { withPlatformTrust } from './__testUtils__/trust';
import { scaffolderModuleEksPlatform } from './module';

/** The task's user (mockCredentials.user()) as a member of team-a. */
const MEMBER = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'mock', namespace: 'default' },
  spec: { memberOf: ['team-a'] },
  relations: [{ type: 'memberOf', targetRef: 'group:default/team-a' }],
};

/*
 * The actions inside the real scaffolder backend: a template using
 * eks:ecr:create, eks:vault:register and eks:argocd:register runs twice with
 * the same input, and a task interrupted mid-way by a backend shutdown is
 * recovered by a new backend on the same (file-backed SQLite) database
 * without repeating completed side effects.
 */

// Real backends, SQLite files and the scaffolder's 10 s recovery loop.
jest.setTimeout(90_000);

const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'eks-service', namespace: 'default' },
  spec: {
    type: 'service',
    EXPERIMENTAL_recovery: { EXPERIMENTAL_strategy: 'startOver' },
    parameters: [{ properties: { name: { type: 'string' } } }],
    steps: [
      {
        id: 'ecr',
        action: 'eks:ecr:create',
        input: {
          repositoryName: '${{ parameters.name }}',
          owner: 'group:default/team-a',
        },
      },
      {
        id: 'vault',
        action: 'eks:vault:register',
        input: {
          serviceName: '${{ parameters.name }}',
          owner: 'group:default/team-a',
          namespace: 'payments',
        },
      },
      {
        id: 'argocd',
        action: 'eks:argocd:register',
        input: {
          mode: 'api',
          name: '${{ parameters.name }}',
          owner: 'group:default/team-a',
          environments: ['dev', 'prod'],
          chartRepoUrl: 'https://github.com/acme/payments-api.git',
        },
      },
    ],
    output: {
      repositoryUri: '${{ steps.ecr.output.repositoryUri }}',
      policyName: '${{ steps.vault.output.policyName }}',
      applications: '${{ steps.argocd.output.applicationNames }}',
    },
  },
};

/**
 * The standard database service, plus a way to make the backend's database
 * go silent the way a killed process does: after `crash()` every query of
 * that backend hangs forever, so its heartbeat stops and nothing it still
 * has in flight reaches the database. (stop() alone leaves SQLite open and
 * the in-flight task heartbeating, so the task would never look stale.)
 */
function crashableDatabase() {
  let crashed = false;
  // Chainable and never settling: `await db('tasks').where(...)` just hangs.
  const blackHole: any = new Proxy(function blackHoleTarget() {}, {
    get: (_target, property) => (property === 'then' ? () => {} : blackHole),
    apply: () => blackHole,
  });
  const factory = createServiceFactory({
    service: coreServices.database,
    deps: {
      lifecycle: coreServices.lifecycle,
      logger: coreServices.logger,
      pluginMetadata: coreServices.pluginMetadata,
      config: coreServices.rootConfig,
      rootLifecycle: coreServices.rootLifecycle,
      rootLogger: coreServices.rootLogger,
    },
    async createRootContext({ config, rootLifecycle, rootLogger }) {
      return DatabaseManager.fromConfig(config, { rootLifecycle, rootLogger });
    },
    async factory({ pluginMetadata, lifecycle, logger }, manager) {
      const service: DatabaseService = manager.forPlugin(
        pluginMetadata.getId(),
        { lifecycle, logger },
      );
      return {
        ...service,
        getClient: async () => {
          const client = await service.getClient();
          return new Proxy(client, {
            apply: (target, thisArg, args) =>
              crashed ? blackHole : Reflect.apply(target as any, thisArg, args),
            get: (target, property, receiver) =>
              crashed ? blackHole : Reflect.get(target, property, receiver),
          });
        },
      };
    },
  });
  return {
    factory,
    crash: () => {
      crashed = true;
    },
  };
}

describe('eks actions in the real scaffolder', () => {
  let ecr: EcrSimulator;
  let vault: VaultSimulator;
  let argocd: ArgoCdSimulator;
  let github: GitHubSimulator;

  beforeEach(async () => {
    [ecr, vault, argocd, github] = await Promise.all([
      startEcrSimulator(),
      startVaultSimulator(),
      startArgoCdSimulator({ reconcileDelayMs: 10 }),
      // Argo CD reads every environment's values from the GitOps repository.
      startGitHubSimulator({
        repositories: [
          { owner: 'platform', name: 'gitops', files: { 'README.md': '#\n' } },
        ],
      }),
    ]);
  });
  afterEach(async () => {
    await Promise.all([
      ecr.close(),
      vault.close(),
      argocd.close(),
      github.close(),
    ]);
  });

  function config(databaseDir?: string) {
    return withPlatformTrust({
      ...(databaseDir
        ? {
            backend: {
              database: {
                client: 'better-sqlite3',
                connection: { directory: databaseDir },
              },
            },
          }
        : {}),
      scaffolder: {
        taskRecovery: { enabled: true, staleTimeout: { seconds: 1 } },
      },
      aws: ecrSimulatorAwsConfig(),
      integrations: gitHubSimulatorIntegrations(github),
      eksPlatform: {
        gitops: { repoUrl: `${github.host}?owner=platform&repo=gitops` },
        ecr: {
          region: 'eu-west-1',
          accountId: '123456789012',
          endpoint: ecr.url,
        },
        vault: {
          url: vault.url,
          auth: {
            method: 'approle',
            roleId: 'sandbox-backstage-role-id',
            secretId: 'sandbox-backstage-secret-id',
          },
        },
        argocd: {
          instances: [
            { name: 'main', url: argocd.url, token: 'sandbox-argocd-token' },
          ],
        },
        // A hung call must outlive the test's "crash", not time out first.
        actions: {
          timeoutMs: 60_000,
          retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 100 },
        },
      },
    });
  }

  async function startBackend(
    databaseDir?: string,
    database: any = databaseServiceFactory,
  ) {
    return startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleEksPlatform,
        catalogServiceMock.factory({ entities: [template as any, MEMBER] }),
        mockServices.rootConfig.factory({ data: config(databaseDir) }),
        ...(databaseDir ? [database] : []),
      ],
    });
  }

  async function dispatch(server: any, user?: string) {
    const res = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header(user))
      .send({
        templateRef: 'template:default/eks-service',
        values: { name: 'payments-api' },
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function waitForTask(server: any, id: string) {
    for (;;) {
      const res = await request(server)
        .get(`/api/scaffolder/v2/tasks/${id}`)
        .set('Authorization', mockCredentials.user.header());
      if (['completed', 'failed', 'cancelled'].includes(res.body.status))
        return res.body;
      await new Promise(r => setTimeout(r, 200));
    }
  }

  async function waitFor(check: () => boolean) {
    while (!check()) await new Promise(r => setTimeout(r, 100));
  }

  it('runs the template twice with the same input: both succeed, one of each resource', async () => {
    const backend = await startBackend();
    try {
      for (const run of [1, 2]) {
        const task = await waitForTask(
          backend.server,
          await dispatch(backend.server),
        );
        expect({ run, status: task.status }).toEqual({
          run,
          status: 'completed',
        });
      }
    } finally {
      await backend.stop();
    }
    expect(ecr.repositories()).toHaveLength(1);
    expect(ecr.operationCounts.get('CreateRepository')).toBe(1);
    expect(
      argocd
        .applications()
        .map(a => a.metadata.name)
        .sort(),
    ).toEqual(['payments-api-dev', 'payments-api-prod']);
    expect(Object.keys(vault.policies(''))).toContain('payments-api');
    expect(vault.kubernetesRole('payments-api')).toBeDefined();
    expect(
      vault.requestCounts.get('PUT /v1/sys/policies/acl/payments-api'),
    ).toBe(1);
    expect(argocd.requestCounts.get('POST /api/v1/applications')).toBe(2);
    expect(argocd.requestCounts.get('POST /api/v1/projects')).toBe(1);
  });

  it('fails the first step, writing nothing, for a user who is not a member of the owner', async () => {
    const backend = await startBackend();
    try {
      const id = await dispatch(backend.server, 'user:default/bob');
      const task = await waitForTask(backend.server, id);
      expect(task.status).toBe('failed');
      const events = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${id}/events`)
        .set('Authorization', mockCredentials.user.header('user:default/bob'));
      expect(JSON.stringify(events.body)).toContain(
        'user:default/bob is not a member of group:default/team-a, which owns component:default/payments-api',
      );
    } finally {
      await backend.stop();
    }
    expect(ecr.writeRequests).toEqual([]);
    expect(vault.writeRequests).toEqual([]);
  });

  it('fails a step with the documented error, a log of what exists, and no secret in the task log', async () => {
    vault.setFailure({
      operation: 'kubernetes.role.write',
      status: 403,
      message: 'permission denied',
    });
    const backend = await startBackend();
    try {
      const id = await dispatch(backend.server);
      const task = await waitForTask(backend.server, id);
      expect(task.status).toBe('failed');
      const events = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${id}/events`)
        .set('Authorization', mockCredentials.user.header());
      const log = events.body
        .map((e: any) => JSON.stringify(e.body))
        .join('\n');
      expect(log).toContain(
        'Vault failed to write Kubernetes auth role \\"payments-api\\" (HTTP 403): permission denied',
      );
      expect(log).toContain('Already in place: policy payments-api');
      expect(log).toContain('Created ECR repository');
      for (const secret of [
        'sandbox-aws-secret',
        'sandbox-backstage-secret-id',
        'sandbox-argocd-token',
      ]) {
        expect(log).not.toContain(secret);
      }
    } finally {
      await backend.stop();
    }
    expect(argocd.applications()).toHaveLength(0);
  });

  it('recovers a task interrupted between steps without repeating completed side effects', async () => {
    const dir = createMockDirectory();
    // Step 2 hangs on the role write: ECR and the Vault policy are done.
    vault.setFailure({
      operation: 'kubernetes.role.write',
      hang: true,
      times: 1,
    });
    const database = crashableDatabase();
    const first = await startBackend(dir.path, database.factory);
    const id = await dispatch(first.server);
    await waitFor(
      () =>
        (vault.requestCounts.get(
          'POST /v1/auth/kubernetes/role/payments-api',
        ) ?? 0) > 0,
    );
    // The "crash": mid-task, the backend's database goes silent and it stops.
    database.crash();
    await first.stop();

    const second = await startBackend(dir.path);
    try {
      const task = await waitForTask(second.server, id);
      expect(task.status).toBe('completed');
      const events = await request(second.server)
        .get(`/api/scaffolder/v2/tasks/${id}/events`)
        .set('Authorization', mockCredentials.user.header());
      expect(events.body.map((e: any) => e.type)).toContain('recovered');
    } finally {
      await second.stop();
    }
    // The completed ECR step was skipped and the Vault step's completed
    // checkpoint replayed from the database, not re-run. The interrupted
    // Vault step ran again as the same user: membership was checked again
    // with the initiator credentials the task database kept.
    expect(ecr.operationCounts.get('DescribeRepositories')).toBe(1);
    expect(ecr.operationCounts.get('CreateRepository')).toBe(1);
    expect(
      vault.requestCounts.get('PUT /v1/sys/policies/acl/payments-api'),
    ).toBe(1);
    expect(vault.kubernetesRole('payments-api')).toBeDefined();
    expect(argocd.applications()).toHaveLength(2);
  });
});
