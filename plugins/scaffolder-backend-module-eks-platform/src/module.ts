import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createArgoCdRegisterAction } from './actions/argocdRegister/argocdRegister';
import { createEcrCreateAction } from './actions/ecrCreate/ecrCreate';
import { createGithubRepoSettingsAction } from './actions/githubRepoSettings/githubRepoSettings';
import { createVaultRegisterAction } from './actions/vaultRegister/vaultRegister';
import { createServicePreflightAction } from './actions/servicePreflight/servicePreflight';
import { createPlatformResolveAction } from './actions/platformResolve/platformResolve';
import { createTemplateUpgradeAction } from './actions/templateUpgrade/templateUpgrade';
import { createSelectServicesAction } from './actions/selectServices/selectServices';
import { createUpgradeManyAction } from './actions/upgradeMany/upgradeMany';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { withPlainErrors } from './lib/plainErrors';
import { createPlainStockActions } from './lib/plainStockActions';
import { registerEksWriteTools } from './registryActions';
import {
  existingBeforeArgoCd,
  existingBeforeRepoSettings,
  existingBeforeVault,
} from './lib/existingResources';
import {
  callerIdentityServiceRef,
  readPlatformPolicy,
} from '@internal/backstage-plugin-eks-platform-node';

/**
 * Registers the EKS platform actions with the scaffolder:
 * eks:ecr:create, eks:argocd:register, eks:vault:register,
 * eks:github:repo:configure, eks:service:preflight, eks:platform:resolve,
 * eks:template:upgrade, eks:template:select-services and
 * eks:template:upgrade-many.
 */
export const scaffolderModuleEksPlatform = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'eks-platform',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        callerIdentity: callerIdentityServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        logger: coreServices.logger,
        reader: coreServices.urlReader,
      },
      async init({
        scaffolder,
        config,
        auditor,
        catalog,
        auth,
        callerIdentity,
        actionsRegistry,
        logger,
        reader,
      }) {
        // Platform admins, tenancy allow-lists and environments: a bad value
        // stops the start with the key to fix, before any task runs.
        const platformPolicy = readPlatformPolicy(config);
        // Who runs the task, what config allows, and the catalog (who owns an
        // existing service, read with the plugin's own credentials): every
        // action checks the caller against the service's owner the same way.
        const serviceTrust = { callerIdentity, platformPolicy, catalog, auth };
        // Every failure reads as one paragraph on the task page: what
        // failed, what earlier steps created, how to continue; no stack
        // frames or server paths in the task log.
        const ecr = withPlainErrors(
          createEcrCreateAction({ config, auditor, ...serviceTrust }),
        );
        const argocd = withPlainErrors(
          createArgoCdRegisterAction({ config, auditor, ...serviceTrust }),
          existingBeforeArgoCd,
        );
        const vault = withPlainErrors(
          createVaultRegisterAction({ config, auditor, ...serviceTrust }),
          existingBeforeVault,
        );
        const github = withPlainErrors(
          createGithubRepoSettingsAction({ config, auditor, ...serviceTrust }),
          existingBeforeRepoSettings,
        );
        const upgradeOneService = createTemplateUpgradeAction({
          config,
          ...serviceTrust,
        });
        const templateUpgrade = withPlainErrors(upgradeOneService);
        scaffolder.addActions(
          ecr,
          argocd,
          vault,
          github,
          withPlainErrors(
            createServicePreflightAction({ config, ...serviceTrust }),
          ),
          withPlainErrors(
            createPlatformResolveAction({ config, ...serviceTrust }),
          ),
          templateUpgrade,
          // "Upgrade services": the selection (read with the caller's
          // catalog access) and the same upgrade once per service.
          withPlainErrors(createSelectServicesAction({ catalog })),
          withPlainErrors(
            createUpgradeManyAction({ upgrade: upgradeOneService }),
          ),
          // fetch:template and catalog:register whose failures leave no
          // stack frames or server paths in the task log (the stock ids
          // cannot be wrapped: see lib/plainStockActions.ts).
          ...createPlainStockActions({ config, reader, catalog }),
        );
        // The same handlers as agent tools on the actions registry (MCP).
        registerEksWriteTools({
          registry: actionsRegistry,
          logger,
          actions: { ecr, argocd, vault, github, templateUpgrade },
        });
      },
    });
  },
});
