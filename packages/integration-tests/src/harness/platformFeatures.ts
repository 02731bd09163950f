import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import scaffolderModuleEksPlatform from '@internal/backstage-plugin-scaffolder-backend-module-eks-platform';

/**
 * The backend features the golden path needs: the real catalog and
 * scaffolder, the stock GitHub actions, and the EKS platform actions.
 * (Static imports: jest runs without ESM dynamic-import support.)
 */
export function platformFeatures() {
  return [
    catalogPlugin,
    catalogModuleTemplateKind,
    scaffolderPlugin,
    scaffolderModuleGithub,
    scaffolderModuleEksPlatform,
  ];
}
