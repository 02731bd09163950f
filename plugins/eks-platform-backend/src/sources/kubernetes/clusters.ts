import { Config } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AnonymousStrategy,
  AwsIamStrategy,
  DispatchStrategy,
  ServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
} from '@backstage/plugin-kubernetes-common';
import {
  AuthenticationStrategy,
  ClusterDetails,
} from '@backstage/plugin-kubernetes-node';

/**
 * The server-side auth providers the status backend can use without a
 * signed-in user's token: watches run in the background, so per-user
 * providers (google, oidc, aks) cannot feed them.
 */
export const SUPPORTED_AUTH_PROVIDERS = [
  'serviceAccount',
  'aws',
  'localKubectlProxy',
];

/**
 * A configured `serviceAccountToken` is used as is (what the stock strategy
 * does too); only without one is the stock strategy asked, which reads the
 * pod's mounted token. Skipping it for the configured case avoids its lazy
 * module import on every credential refresh.
 */
class ConfiguredTokenFirst implements AuthenticationStrategy {
  constructor(private readonly inner: AuthenticationStrategy) {}
  async getCredential(
    cluster: ClusterDetails,
    auth: Parameters<AuthenticationStrategy['getCredential']>[1],
  ) {
    const token = cluster.authMetadata.serviceAccountToken;
    if (token) return { type: 'bearer token' as const, token };
    return this.inner.getCredential(cluster, auth);
  }
  validateCluster(
    authMetadata: Parameters<AuthenticationStrategy['validateCluster']>[0],
  ) {
    return this.inner.validateCluster(authMetadata);
  }
  presentAuthMetadata(
    authMetadata: Parameters<AuthenticationStrategy['presentAuthMetadata']>[0],
  ) {
    return this.inner.presentAuthMetadata(authMetadata);
  }
}

/**
 * The same strategies the stock Kubernetes backend uses (its exported
 * classes), so `authProvider: aws` with `assumeRole`/`externalId` behaves
 * identically, including cross-account EKS access.
 */
export function createAuthStrategy(rootConfig: Config): AuthenticationStrategy {
  return new DispatchStrategy({
    authStrategyMap: {
      serviceAccount: new ConfiguredTokenFirst(new ServiceAccountStrategy()),
      aws: new AwsIamStrategy({ config: rootConfig }),
      localKubectlProxy: new AnonymousStrategy(),
    },
  });
}

/**
 * Reads the clusters of the standard `kubernetes.clusterLocatorMethods`
 * block (type `config`), mirroring the stock ConfigClusterLocator so a
 * cluster is described once for both plugins.
 */
export function readClusters(
  rootConfig: Config,
  logger: LoggerService,
): ClusterDetails[] {
  const methods =
    rootConfig.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const clusters: ClusterDetails[] = [];
  const names = new Set<string>();
  for (const method of methods) {
    const type = method.getString('type');
    if (type !== 'config') {
      logger.info(
        `eks-platform status ignores kubernetes cluster locator '${type}': only 'config' clusters are watched`,
      );
      continue;
    }
    for (const c of method.getOptionalConfigArray('clusters') ?? []) {
      const name = c.getString('name');
      if (names.has(name))
        throw new Error(`Duplicate kubernetes cluster name '${name}'`);
      names.add(name);
      const authMetadataBlock =
        c.getOptional<Record<string, string>>('authMetadata');
      const authProvider =
        authMetadataBlock?.[ANNOTATION_KUBERNETES_AUTH_PROVIDER] ??
        c.getOptionalString('authProvider');
      if (!authProvider) {
        throw new Error(
          `kubernetes cluster '${name}' has no auth provider; set 'authProvider' (serviceAccount or aws)`,
        );
      }
      const serviceAccountToken = c.getOptionalString('serviceAccountToken');
      const assumeRole = c.getOptionalString('assumeRole');
      const externalId = c.getOptionalString('externalId');
      const title = c.getOptionalString('title');
      clusters.push({
        name,
        ...(title && { title }),
        url: c.getString('url').replace(/\/+$/, ''),
        skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
        skipMetricsLookup: c.getOptionalBoolean('skipMetricsLookup') ?? false,
        caData: c.getOptionalString('caData'),
        caFile: c.getOptionalString('caFile'),
        authMetadata: {
          [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: authProvider,
          ...(serviceAccountToken && { serviceAccountToken }),
          ...(assumeRole && {
            [ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE]: assumeRole,
          }),
          ...(externalId && {
            [ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID]: externalId,
          }),
          ...authMetadataBlock,
        },
      });
    }
  }
  return clusters;
}

/** Whether the status backend can watch this cluster with its own credentials. */
export function unsupportedAuthReason(
  cluster: ClusterDetails,
): string | undefined {
  const provider = cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
  if (SUPPORTED_AUTH_PROVIDERS.includes(provider)) return undefined;
  return `auth provider '${provider}' needs a signed-in user's token; background watches support ${SUPPORTED_AUTH_PROVIDERS.join(
    ', ',
  )}`;
}
