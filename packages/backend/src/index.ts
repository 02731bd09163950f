/*
 * The EKS platform portal's backend: stock Backstage plugins plus the
 * eks-platform status backend and its scaffolder actions.
 */

import { createBackend } from '@backstage/backend-defaults';
import { authProviderModules } from './auth/authProviderModules';
import { portalRootHttpRouter } from './production/portalRootHttpRouter';
import { exportVaultSecretsToEnvironment } from './production/vaultSecretsEnvironment';
import { searchEngineModule } from './search/searchEngineModule';
import { addMkdocsToPath } from './techdocs/mkdocsPath';

// On Kubernetes the Vault agent renders the portal's settings to
// /vault/secrets; app-config.production.yaml reads them as ${VARS}.
exportVaultSecretsToEnvironment();
// TechDocs builds with the pinned mkdocs the set-up installs
// (scripts/bootstrap/mkdocs.mjs); the generator runs `mkdocs` from PATH.
addMkdocsToPath();

const backend = createBackend();

// Drains on SIGTERM (no request lost in a rolling restart) and serves the
// golden-path chart's /metrics (see production/).
backend.add(portalRootHttpRouter);

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// EKS platform actions: eks:ecr:create, eks:argocd:register, eks:vault:register
backend.add(
  import('@internal/backstage-plugin-scaffolder-backend-module-eks-platform'),
);

// techdocs plugin
backend.add(import('@backstage/plugin-techdocs-backend'));

// auth plugin: GitHub sign-in (configured in production), guest only
// outside production (see auth/authProviderModules.ts)
backend.add(import('@backstage/plugin-auth-backend'));
for (const provider of authProviderModules()) backend.add(provider);

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permission plugin with the portal's policy: platform admins, owner-only
// changes, admin-only adoption of existing resources (see permissions/)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@internal/backstage-plugin-permission-backend-module-eks-platform'),
);

// search plugin
backend.add(import('@backstage/plugin-search-backend'));

// search engine: PostgreSQL when the database is, otherwise Lunr that
// answers types without an index yet with no results (search/)
backend.add(searchEngineModule);

// search collators
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// kubernetes plugin
backend.add(import('@backstage/plugin-kubernetes-backend'));

// EKS platform: status of services (HPA, PDB, zones, alerts, traces, Argo CD)
backend.add(import('@internal/backstage-plugin-eks-platform-backend'));

// user settings plugin
backend.add(import('@backstage/plugin-user-settings-backend'));

// notifications and signals plugins
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// mcp actions plugin
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
