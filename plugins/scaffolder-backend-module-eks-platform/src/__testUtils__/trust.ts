import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import {
  DefaultCallerIdentityService,
  readPlatformPolicy,
} from '@internal/backstage-plugin-eks-platform-node';
import {
  ORGANISATION,
  PLATFORM,
  TEAM_A,
  TEAM_B,
} from '@internal/eks-platform-test-utils';
import { ServiceTrustOptions } from '../lib/serviceTrust';

/*
 * The actions' trust tests run in the shared test organisation (two teams,
 * a platform team whose members are platform admins, a user in no team);
 * callers are resolved by the real DefaultCallerIdentityService from the
 * catalog's memberOf relations, as in the portal.
 */
export {
  ALICE,
  BOB,
  CAROL,
  ORGANISATION,
  PLATFORM,
  ROOT,
  TEAM_A,
  TEAM_B,
} from '@internal/eks-platform-test-utils';

/** A registered service entity, as the catalog holds it. */
export const serviceEntity = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', owner, lifecycle: 'production' },
});

/** The platform trust keys of the tests: the same shape as app-config.yaml. */
export const PLATFORM_TRUST = {
  platformAdmins: [PLATFORM],
  tenancy: {
    allowLoopback: true,
    githubOrganizations: ['acme'],
    reservedNamespaces: ['argocd', 'vault', 'platform'],
    reservedVaultNames: ['admin', 'backstage-registrar'],
    chartRepositoryHosts: ['github.com'],
    ecrPullAccounts: ['210987654321'],
    teams: [
      {
        group: TEAM_A,
        namespaces: ['payments'],
        vaultDatabaseConnections: ['payments-postgres'],
      },
      { group: TEAM_B, namespaces: ['billing'] },
    ],
  },
  environments: [
    {
      name: 'dev',
      cluster: 'dev',
      argocd: { instance: 'main', destinationServer: 'https://dev.example' },
      vault: { kubernetesAuthMount: 'kubernetes' },
      aws: { accountId: '123456789012', region: 'eu-west-1' },
      promotion: 'automatic',
    },
    {
      name: 'prod',
      cluster: 'prod',
      argocd: { instance: 'main', destinationServer: 'https://prod.example' },
      vault: { kubernetesAuthMount: 'kubernetes' },
      aws: { accountId: '123456789012', region: 'eu-west-1' },
      promotion: 'pull-request',
    },
  ],
};

export const DATABASE_ROLE_TEMPLATES = {
  readwrite: [
    'CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\';',
    'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{{name}}";',
  ],
  readonly: [
    'CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\';',
    'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";',
  ],
};

/**
 * Config with the platform trust keys added to `data`: its eksPlatform keys
 * win, `eksPlatform.vault` is merged (the database role templates live there)
 * and an Argo CD instance "main" exists for the environments to name.
 */
export function withPlatformTrust(data: JsonObject): JsonObject {
  const eks = (data.eksPlatform ?? {}) as JsonObject;
  return {
    ...data,
    eksPlatform: {
      argocd: {
        instances: [
          { name: 'main', url: 'http://127.0.0.1:9', token: 'unused-token' },
        ],
      },
      ...PLATFORM_TRUST,
      ...eks,
      vault: {
        ...((eks.vault as JsonObject) ?? {}),
        databaseRoleTemplates: DATABASE_ROLE_TEMPLATES,
      },
    },
  };
}

/**
 * The trust options an action gets from the module, for `config` (read with
 * readPlatformPolicy as at start-up) and a catalog of the organisation plus
 * `entities`.
 */
export function testTrust(
  config: JsonObject,
  entities: Entity[] = [],
): ServiceTrustOptions {
  const reader = new ConfigReader(config);
  const platformPolicy = readPlatformPolicy(reader);
  const catalog = catalogServiceMock({
    entities: [...ORGANISATION, ...entities],
  });
  const auth = mockServices.auth();
  return {
    platformPolicy,
    catalog,
    auth,
    callerIdentity: new DefaultCallerIdentityService({
      userInfo: mockServices.userInfo(),
      catalog,
      auth,
      platformAdmins: platformPolicy.platformAdmins,
    }),
  };
}

/** What an action context says about its initiator, for `userRef`. */
export function initiator(userRef: string) {
  return {
    user: { ref: userRef },
    getInitiatorCredentials: async () => mockCredentials.user(userRef),
  };
}
