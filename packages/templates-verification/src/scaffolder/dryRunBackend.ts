import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import eksPlatformModule from '@internal/backstage-plugin-scaffolder-backend-module-eks-platform';
import request from 'supertest';
import { loadDirectoryContents, loadTemplateEntity } from './templateFiles';
import { formValues, type TemplateValues } from './inputSets';
import {
  DATABASE_ROLE_TEMPLATES,
  PAYMENTS_GROUP,
  PAYMENTS_MEMBER,
  PEER_ENTITIES,
  platformTrustConfig,
} from './platformTrust';

/**
 * Loopback-only configuration: the sandbox GitHub host is an integration so
 * RepoUrlPicker values parse; the eks-platform actions find their config.
 * Nothing is contacted: every step with side effects is either dry-run aware
 * (fetch:template, eks:*) or skipped by the dry-run runner.
 */
const config = {
  backend: { baseUrl: 'http://127.0.0.1:7007' },
  integrations: {
    github: [
      {
        host: '127.0.0.1:7130',
        apiBaseUrl: 'http://127.0.0.1:7130/api/v3',
        token: 'sandbox-github-token',
      },
      { host: 'github.com', token: 'sandbox-github-token' },
    ],
  },
  eksPlatform: {
    argocd: {
      instances: [
        {
          name: 'main',
          url: 'http://127.0.0.1:7110',
          token: 'sandbox-argocd-token',
        },
      ],
    },
    vault: {
      url: 'http://127.0.0.1:7120',
      auth: { method: 'token', token: 'sandbox-vault-root-token' },
      databaseRoleTemplates: DATABASE_ROLE_TEMPLATES,
    },
    ecr: {
      region: 'eu-west-1',
      accountId: '123456789012',
      endpoint: 'http://127.0.0.1:7140',
    },
    gitops: {
      repoUrl: '127.0.0.1:7130?owner=platform&repo=gitops',
      baseBranch: 'main',
    },
    ...platformTrustConfig('127.0.0.1:7130'),
  },
};

export interface DryRunResponse {
  status: number;
  body: any;
  /** path -> UTF-8 content of the generated tree (only on success). */
  files: Record<string, string>;
}

export interface DryRunBackend {
  dryRun(values: TemplateValues, template?: unknown): Promise<DryRunResponse>;
  /** GET /v2/actions: every installed action with its JSON schemas. */
  listActions(): Promise<Array<{ id: string; schema?: { input?: any } }>>;
  stop(): Promise<void>;
}

/** The real scaffolder backend, with the GitHub and eks-platform modules. */
export async function startDryRunBackend(): Promise<DryRunBackend> {
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      githubModule,
      eksPlatformModule,
      mockServices.rootConfig.factory({ data: config }),
      catalogServiceMock.factory({
        entities: [PAYMENTS_GROUP, PAYMENTS_MEMBER, ...PEER_ENTITIES],
      }),
    ],
  });
  const directoryContents = loadDirectoryContents();
  const entity = loadTemplateEntity();

  return {
    async dryRun(values, template = entity) {
      const response = await request(backend.server)
        .post('/api/scaffolder/v2/dry-run')
        .set('Authorization', mockCredentials.user.header())
        .send({
          template,
          values: formValues(values),
          secrets: {},
          directoryContents,
        });
      const files: Record<string, string> = {};
      for (const file of response.body?.directoryContents ?? []) {
        files[file.path] = Buffer.from(file.base64Content, 'base64').toString(
          'utf8',
        );
      }
      return { status: response.status, body: response.body, files };
    },
    async listActions() {
      const response = await request(backend.server)
        .get('/api/scaffolder/v2/actions')
        .set('Authorization', mockCredentials.user.header());
      return response.body;
    },
    stop: () => backend.stop(),
  };
}
