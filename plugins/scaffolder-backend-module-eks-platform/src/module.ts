import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createArgoCdRegisterAction } from './actions/argocdRegister/argocdRegister';
import { createEcrCreateAction } from './actions/ecrCreate/ecrCreate';
import { createGithubRepoSettingsAction } from './actions/githubRepoSettings/githubRepoSettings';
import { createVaultRegisterAction } from './actions/vaultRegister/vaultRegister';
import { createServicePreflightAction } from './actions/servicePreflight/servicePreflight';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';

/**
 * Registers the EKS platform actions with the scaffolder:
 * eks:ecr:create, eks:argocd:register, eks:vault:register,
 * eks:github:repo:configure and eks:service:preflight.
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
      },
      async init({ scaffolder, config, auditor, catalog }) {
        scaffolder.addActions(
          createEcrCreateAction({ config, auditor }),
          createArgoCdRegisterAction({ config, auditor }),
          createVaultRegisterAction({ config, auditor }),
          createGithubRepoSettingsAction({ config, auditor }),
          createServicePreflightAction({ config, catalog }),
        );
      },
    });
  },
});
