import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  canonicalEntityRef,
  checkDatabaseConnection,
  checkDnsLabel,
  PlatformPolicy,
  ecrRegistryHost,
  readEcrConfig,
  readGitOpsConfig,
  readAlertsConfig,
  runbookUrlFor,
  readPlatformPolicy,
  resolveEnvironmentFacts,
  resolveTeam,
} from '@internal/backstage-plugin-eks-platform-node';
import { checkReplicaSettings } from './checkReplicaSettings';
import { examples } from './platformResolve.examples';
import {
  MAX_ALLOWED_CALLERS,
  MAX_DEPENDENCIES,
  platformResolveInput,
} from './platformResolve.input';
import { platformResolveOutput } from './platformResolve.output';
import { resolveEnvironments } from './resolveEnvironments';
import { PeerWorkload, peerWorkload, resolvePeers } from './resolvePeers';

export const PLATFORM_RESOLVE_ACTION_ID = 'eks:platform:resolve';

export interface PlatformResolveActionOptions {
  config: Config;
  /** Read with the initiator's credentials: peers they may not read are refused. */
  catalog: CatalogService;
  /** Validated once at start-up by the module; read from config when absent. */
  platformPolicy?: PlatformPolicy;
}

/** One entry per (name, namespace): the chart's list of workloads. */
function unique(workloads: PeerWorkload[]): PeerWorkload[] {
  const seen = new Map<string, PeerWorkload>();
  for (const w of workloads) seen.set(`${w.namespace}/${w.name}`, w);
  return [...seen.values()];
}

/**
 * eks:platform:resolve: the platform context of a new service, read-only.
 *
 * From the environment names, the service name, the owner and the peers
 * picked in the catalog, it resolves everything the skeleton and the other
 * steps need, so no developer types an account, a cluster, an Argo CD
 * instance, a registry or a namespace, and the form is not trusted to
 * have offered only valid choices: every name is checked against config
 * and every peer is read from the catalog with the user's credentials.
 */
export function createPlatformResolveAction(
  options: PlatformResolveActionOptions,
) {
  const { config, catalog } = options;
  const policy = options.platformPolicy ?? readPlatformPolicy(config);
  const ecr = readEcrConfig(config);
  const gitops = readGitOpsConfig(config);
  // Read when the action is created: a bad runbook URL fails the start-up.
  const alerts = readAlertsConfig(config);

  return createTemplateAction({
    id: PLATFORM_RESOLVE_ACTION_ID,
    description:
      'Resolves, read-only, the platform context of a service from platform config and the catalog: per environment the cluster, namespace, AWS account and region, ingress class and source ranges, Vault auth mount, Argo CD destination and runtime role; the ECR repository, CI role and GitOps repository; allowed callers and dependencies picked in the catalog as {name, namespace, port} per environment.',
    examples,
    supportsDryRun: true,
    schema: { input: platformResolveInput, output: platformResolveOutput },
    async handler(ctx) {
      const input = ctx.input;
      const name = checkDnsLabel('name', String(input.name), 40);
      const ownerRef = canonicalEntityRef(input.owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
        kinds: ['group'],
      });
      if (!ownerRef) {
        throw new InputError(
          `Invalid input "owner": ${JSON.stringify(
            String(input.owner).slice(0, 200),
          )} is not a group ref such as "group:default/team-a".`,
        );
      }
      if (input.namespace !== undefined) {
        checkDnsLabel('namespace', input.namespace);
      }
      checkReplicaSettings(input.replicaSettings);
      const entityRef = `component:default/${name}`;
      const team = resolveTeam(policy.tenancy, ownerRef);
      const environments = resolveEnvironments({
        names: input.environments ?? [],
        configured: policy.environments,
        team,
        tenancy: policy.tenancy,
        service: name,
        namespace: input.namespace,
      });

      // Platform facts per environment: the database behind the team's
      // Vault connection and the event bus (eksPlatform.databases[],
      // environments[].kafka); anything not configured is refused here.
      const databaseConnection = input.databaseConnection || undefined;
      if (databaseConnection !== undefined) {
        checkDatabaseConnection(
          'databaseConnection',
          databaseConnection,
          team.vaultDatabaseConnections,
        );
      }
      const messaging = input.messaging || 'none';
      if (messaging !== 'none' && messaging !== 'kafka') {
        throw new InputError(
          `Invalid input "messaging": ${JSON.stringify(
            String(messaging).slice(0, 40),
          )} is not offered; use "kafka" or "none".`,
        );
      }
      const facts = new Map(
        environments.map(env => [
          env.name,
          resolveEnvironmentFacts(policy, {
            environment: env.name,
            databaseConnection,
            messaging,
          }),
        ]),
      );

      const peerContext = {
        catalog,
        credentials: await ctx.getInitiatorCredentials(),
        serviceRef: entityRef,
      };
      const callers = await resolvePeers(
        peerContext,
        'allowedCallers',
        input.allowedCallers ?? [],
        ['component'],
        MAX_ALLOWED_CALLERS,
      );
      const dependencies = await resolvePeers(
        peerContext,
        'dependencies',
        input.dependencies ?? [],
        ['component', 'api'],
        MAX_DEPENDENCIES,
      );

      const configured = new Map(policy.environments.map(e => [e.name, e]));
      const perEnvironment = environments.map(env => {
        const environment = configured.get(env.name)!;
        const workloads = (peers: typeof callers) =>
          unique(
            peers.flatMap(p =>
              p.components.map(c =>
                peerWorkload(c, environment, policy.tenancy),
              ),
            ),
          );
        return {
          ...env,
          ...facts.get(env.name),
          allowedCallers: workloads(callers),
          dependencies: workloads(dependencies),
        };
      });

      // The image lives in one registry (eksPlatform.ecr), pulled by every
      // environment; without one, the first environment's account.
      const first = environments[0];
      const ecrAccountId = ecr.accountId ?? first.aws.accountId;
      const ecrRegion = ecr.region ?? first.aws.region;
      const registry = ecrRegistryHost(ecrAccountId, ecrRegion);
      if (!gitops.repoUrl) {
        throw new InputError(
          'The platform has no GitOps repository configured (eksPlatform.gitops.repoUrl); ask the platform team.',
        );
      }

      // Each environment is its own cluster, so a peer's namespace of one
      // environment names nothing in another: the union is exact per cluster.
      const allCallers = unique(
        perEnvironment.flatMap(e => e.allowedCallers),
      ).map(({ name: n, namespace }) => ({ name: n, namespace }));
      const allDependencies = unique(
        perEnvironment.flatMap(e => e.dependencies),
      ).map(({ name: n, namespace, port }) => ({ name: n, namespace, port }));

      ctx.output('entityRef', entityRef);
      ctx.output('ownerRef', ownerRef);
      ctx.output('team', team.name);
      ctx.output('namespace', first.namespace);
      ctx.output(
        'environmentNames',
        environments.map(e => e.name),
      );
      ctx.output('environments', perEnvironment);
      ctx.output(
        'environmentSettings',
        Object.fromEntries(
          perEnvironment.map(env => [
            env.name,
            {
              clusterName: env.cluster,
              namespace: env.namespace,
              awsAccountId: env.aws.accountId,
              awsRegion: env.aws.region,
              // Only what config gives: without an ingress entry the
              // skeleton's values-<env>.yaml keeps its own default.
              ...(env.ingress
                ? {
                    loadBalancerSourceRanges: env.ingress.sourceRanges,
                    ingressClassName: env.ingress.className,
                  }
                : {}),
              vaultAuthMount: env.vaultAuthMount,
              runtimeRoleArn: env.runtimeRoleArn,
              promotion: env.promotion,
              // The chart's database.* and kafka.* of this environment
              // (values-<env>.yaml), when the service asked for them.
              ...(env.database ? { database: env.database } : {}),
              ...(env.kafka ? { kafka: env.kafka } : {}),
            },
          ]),
        ),
      );
      ctx.output('awsAccountId', ecrAccountId);
      ctx.output('awsRegion', ecrRegion);
      ctx.output('ecrRegistry', registry);
      ctx.output('imageRepository', `${registry}/${name}`);
      ctx.output('ciRoleArn', `arn:aws:iam::${ecrAccountId}:role/${name}-ci`);
      ctx.output('argocdInstance', first.argocd.instance);
      ctx.output('gitopsRepoUrl', gitops.repoUrl);
      // Empty: no default (no app.baseUrl); the skeleton links the
      // repository's docs/runbook.md instead.
      ctx.output('runbookBaseUrl', runbookUrlFor(alerts, name) ?? '');
      // One MSK cluster name across accounts (infra/runtime takes one); the
      // first environment's brokers are the chart's defaults, each
      // values-<env>.yaml sets its own.
      const firstKafka = perEnvironment[0].kafka;
      ctx.output('kafka', {
        cluster: firstKafka?.cluster ?? '',
        clusterArn: firstKafka?.clusterArn ?? '',
        brokers: firstKafka?.brokers ?? [],
        brokerCidrs: firstKafka?.brokerCidrs ?? [],
      });
      ctx.output('allowedCallers', allCallers);
      ctx.output('dependencies', allDependencies);
      ctx.output(
        'dependsOn',
        dependencies.filter(d => d.kind === 'component').map(d => d.entityRef),
      );
      ctx.output(
        'consumesApis',
        dependencies.filter(d => d.kind === 'api').map(d => d.entityRef),
      );

      ctx.logger.info(
        `${entityRef} (owner ${ownerRef}) runs in ${perEnvironment
          .map(
            e => `${e.name} (cluster ${e.cluster}, namespace ${e.namespace})`,
          )
          .join(', ')}; ${callers.length} allowed caller(s), ${
          dependencies.length
        } dependency(ies) resolved from the catalog${
          ctx.isDryRun ? ' (dry run: read-only, as always)' : ''
        }.`,
      );
    },
  });
}
