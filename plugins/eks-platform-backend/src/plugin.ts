import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eksPlatformPermissions } from '@internal/backstage-plugin-eks-platform-common';
import {
  callerIdentityServiceRef,
  eksPlatformScorecardRulesExtensionPoint,
  ServiceUpgrades,
  ScorecardRule,
  EksPlatformStatusSource,
  eksPlatformStatusSourcesExtensionPoint,
} from '@internal/backstage-plugin-eks-platform-node';
import { createScorecard } from './scorecard/createScorecard';
import { createUpgradePullRequests } from './templateUpgrade/createUpgradePullRequests';
import { ImageScanSource } from './sources/images/ImageScanSource';
import { checkStatusSources } from './status/checkStatusSources';
import { SnapshotStore } from './cache/SnapshotStore';
import { readPlatformConfig } from './config/readPlatformConfig';
import { readAlertFactsConfig } from './sources/alerts/alertFactsConfig';
import { registerStatusActions } from './actions';
import { AccessCache } from './service/AccessCache';
import { ReadableEntities } from './service/ReadableEntities';
import { CallerRateLimit } from './service/CallerRateLimit';
import { createRouter } from './service/router';
import { readEnvironmentSummaries } from './service/environmentSummaries';
import {
  createAuthStrategy,
  readClusters,
} from './sources/kubernetes/clusters';
import { KubernetesSource } from './sources/kubernetes/KubernetesSource';
import { RegistrationSource } from './registration/RegistrationSource';
import { schedulePollers } from './status/pollers';
import { StatusService } from './status/StatusService';
import { RepositoryNames } from './names/RepositoryNames';

/**
 * The EKS platform status backend.
 *
 * @public
 */
export const eksPlatformPlugin = createBackendPlugin({
  pluginId: 'eks-platform',
  register(env) {
    // Rules from backend modules; they register before this plugin's init.
    const moduleRules: ScorecardRule[] = [];
    env.registerExtensionPoint(eksPlatformScorecardRulesExtensionPoint, {
      addRules(...rules) {
        moduleRules.push(...rules);
      },
    });
    // Status sources backend modules add (see docs/extending.md).
    const statusSources: EksPlatformStatusSource[] = [];
    env.registerExtensionPoint(eksPlatformStatusSourcesExtensionPoint, {
      addStatusSource(...sources) {
        statusSources.push(...sources);
      },
    });
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        scheduler: coreServices.scheduler,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        lifecycle: coreServices.lifecycle,
        database: coreServices.database,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        callerIdentity: callerIdentityServiceRef,
      },
      async init(deps) {
        const { httpRouter, httpAuth, config, logger, lifecycle } = deps;
        // Bad config fails the start with the key to fix, before anything runs.
        const platformConfig = readPlatformConfig(config);
        const environments = readEnvironmentSummaries(config);
        const alertFacts = readAlertFactsConfig(config);
        deps.permissionsRegistry.addPermissions(eksPlatformPermissions);

        const { limits } = platformConfig;
        const kubernetes = new KubernetesSource(
          readClusters(config, logger),
          createAuthStrategy(config),
          logger.child({ source: 'kubernetes' }),
          limits.kubernetes,
        );
        const store = new SnapshotStore(deps.cache);
        const triggers = await schedulePollers({
          config: platformConfig,
          scheduler: deps.scheduler,
          store,
          catalog: deps.catalog,
          auth: deps.auth,
          logger,
          alertFacts,
        });
        const status = new StatusService({
          config: platformConfig,
          kubernetes,
          store,
          triggers,
          logger,
          alertFacts,
          registration: RegistrationSource.fromConfig(
            config,
            logger.child({ source: 'registration' }),
          ),
          extraSources: checkStatusSources(statusSources),
        });

        // ECR scans of the digests that run, read off the request path.
        const images = ImageScanSource.fromConfig(
          config,
          kubernetes,
          logger.child({ source: 'images' }),
        );
        const scorecard = await createScorecard({
          config,
          status,
          images,
          moduleRules,
          catalog: deps.catalog,
          auth: deps.auth,
          database: deps.database,
          scheduler: deps.scheduler,
          logger: logger.child({ feature: 'scorecard' }),
        });

        // The engine of eks:template:upgrade with its checks, and the
        // GitHub integration it uses (integrations.github).
        const upgrades = new ServiceUpgrades({
          config,
          catalog: deps.catalog,
          auth: deps.auth,
        });
        const upgradeLogger = logger.child({ feature: 'template-upgrade' });
        // After the scorecard: both migrate the same folder, one at a time.
        const upgradePullRequests = await createUpgradePullRequests({
          config,
          database: deps.database,
          scheduler: deps.scheduler,
          catalog: deps.catalog,
          auth: deps.auth,
          upgrades,
          logger: upgradeLogger,
        });

        lifecycle.addStartupHook(() => kubernetes.start());
        lifecycle.addStartupHook(() => images.start());
        lifecycle.addShutdownHook(() => images.stop());
        lifecycle.addShutdownHook(() => kubernetes.stop());

        // One permission-aware access cache for the HTTP API and the tools.
        const readable = new ReadableEntities({
          permissions: deps.permissions,
          catalog: deps.catalog,
          cache: new AccessCache(limits.accessCache),
        });
        // One bucket per caller for HTTP reads and tool calls alike.
        const rateLimit = new CallerRateLimit(limits.rateLimit);
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions: deps.permissions,
            catalog: deps.catalog,
            readable,
            status,
            environments,
            scorecard,
            templateUpgrades: {
              upgrades,
              callerIdentity: deps.callerIdentity,
              logger: upgradeLogger,
            },
            // The form's repository-name check, with the platform's own
            // GitHub credentials in its configured organisations only.
            names: {
              repositories: RepositoryNames.fromConfig(
                config,
                logger.child({ feature: 'service-names' }),
              ),
              callerIdentity: deps.callerIdentity,
            },
            upgradePullRequests,
            limits,
            rateLimit,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // The same status for agents (MCP), with the same permission checks.
        registerStatusActions({
          actionsRegistry: deps.actionsRegistry,
          catalog: deps.catalog,
          status,
          scorecards: scorecard.service,
          readable,
          rateLimit,
          maxEntities: limits.query.maxEntities,
        });
      },
    });
  },
});
