import path from 'node:path';
import { ecrSimulatorAwsConfig, Sandbox } from '@internal/eks-platform-sandbox';

// A test harness that only ever runs from source, never from a build.
// eslint-disable-next-line no-restricted-syntax
export const REPO_ROOT = path.resolve(__dirname, '../../../..');
export const GOLDEN_PATH_TEMPLATE = path.join(
  REPO_ROOT,
  'templates/eks-service/template.yaml',
);
/**
 * The teams and users of these tests: team-commerce (the golden path's
 * owner) with the sandbox guest, team-storefront with alice, and the
 * platform admins (team-platform) with mallory.
 */
// eslint-disable-next-line no-restricted-syntax
export const ORGANISATION = path.join(__dirname, 'organisation.yaml');

/** One template per eks:* action, running it alone (the takeover suite). */
// eslint-disable-next-line no-restricted-syntax
export const ACTION_TEMPLATES = path.join(__dirname, 'actionTemplates.yaml');

/**
 * The sandbox's guest, as app-config.yaml signs them in: a member of the
 * demo team that owns the commerce services (the golden path's owner).
 */
export const SANDBOX_GUEST = {
  userEntityRef: 'user:default/guest',
  ownershipEntityRefs: ['user:default/guest', 'group:default/team-commerce'],
};

/**
 * The platform trust keys of app-config.yaml (allow-lists, admins, the
 * environments' destinations and promotion), pointed at this sandbox.
 */
function platformTrust(sandbox: Sandbox) {
  const environment = (name: string) => ({
    name,
    cluster: name,
    argocd: {
      instance: 'main',
      destinationServer:
        sandbox.urls.kubernetes[name] ?? `https://${name}.eks.example.com`,
    },
    namespacePattern: '{team}',
    vault: { kubernetesAuthMount: 'kubernetes' },
    aws: { accountId: '123456789012', region: 'eu-west-1' },
    promotion: name === 'dev' ? 'automatic' : 'pull-request',
  });
  return {
    platformAdmins: ['group:default/team-platform'],
    tenancy: {
      allowLoopback: true,
      githubOrganizations: ['acme'],
      reservedNamespaces: ['argocd', 'vault', 'monitoring', 'platform'],
      reservedVaultNames: ['admin', 'backstage-registrar'],
      chartRepositoryHosts: [sandbox.urls.githubHost],
      ecrPullAccounts: ['210987654321'],
      teams: [
        {
          group: 'group:default/team-commerce',
          namespaces: ['commerce'],
          vaultDatabaseConnections: ['orders-db'],
        },
        { group: 'group:default/team-storefront', namespaces: ['storefront'] },
      ],
    },
    environments: ['dev', 'stage', 'prod'].map(environment),
  };
}

/**
 * The portal's configuration pointed at a sandbox: the same keys as
 * app-config.yaml, only the URLs differ (random ports).
 */
export function platformConfig(
  sandbox: Sandbox,
  extraLocations: string[] = [],
) {
  return {
    integrations: {
      github: [
        {
          host: sandbox.urls.githubHost,
          apiBaseUrl: sandbox.urls.githubApi,
          token: sandbox.tokens.github,
        },
      ],
    },
    aws: ecrSimulatorAwsConfig(),
    eksPlatform: {
      argocd: {
        instances: [
          {
            name: 'main',
            url: sandbox.urls.argocd,
            token: sandbox.tokens.argocd,
            promotionToken: sandbox.tokens.argocdReadOnly,
          },
        ],
      },
      vault: {
        url: sandbox.urls.vault,
        auth: { method: 'token', token: sandbox.tokens.vault },
        databaseRoleTemplates: {
          readwrite: [
            "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';",
            'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{{name}}";',
          ],
        },
      },
      ...platformTrust(sandbox),
      ecr: {
        region: 'eu-west-1',
        accountId: '123456789012',
        endpoint: sandbox.urls.ecr,
      },
      gitops: {
        repoUrl: `${sandbox.urls.githubHost}?owner=platform&repo=gitops`,
        baseBranch: 'main',
      },
      actions: {
        timeoutMs: 5000,
        retry: { attempts: 2, baseDelayMs: 50, maxDelayMs: 200 },
      },
    },
    catalog: {
      rules: [
        {
          allow: [
            'Component',
            'System',
            'API',
            'Resource',
            'Location',
            'Group',
            'User',
            'Template',
          ],
        },
      ],
      locations: [GOLDEN_PATH_TEMPLATE, ORGANISATION, ...extraLocations].map(
        target => ({
          type: 'file',
          target,
        }),
      ),
    },
    scaffolder: {
      defaultAuthor: { name: 'EKS Platform', email: 'platform@example.com' },
    },
  };
}

/**
 * Values a newcomer would enter in the form, for a given service name:
 * names and choices only; the namespace, accounts, registry and GitOps
 * repository come from eks:platform:resolve.
 */
export function goldenPathValues(sandbox: Sandbox, name: string) {
  return {
    name,
    description: 'Checkout API for the web shop (EU & US): "fast", safe.',
    owner: 'group:default/team-commerce',
    system: 'system:default/commerce',
    lifecycle: 'experimental',
    language: 'nodejs-typescript',
    environments: ['dev', 'stage', 'prod'],
    pdbMinAvailable: 2,
    resourcePreset: 'small',
    autoscaling: true,
    hpaMinReplicas: 3,
    hpaMaxReplicas: 10,
    hpaCpuTarget: 70,
    hpaMemoryTarget: 80,
    istio: false,
    ingressMode: 'none',
    vaultSecrets: [`${name}/config`],
    repoUrl: `${sandbox.urls.githubHost}?owner=acme&repo=${name}`,
  };
}

/** The demo catalog's services and APIs, for picking callers and dependencies. */
export const DEMO_PEERS = ['components.yaml', 'apis.yaml'].map(file =>
  path.join(REPO_ROOT, 'catalog/demo', file),
);
