import { BackendFeature } from '@backstage/backend-plugin-api';

type FeatureImport = Promise<{ default: BackendFeature }>;

/**
 * The sign-in providers the backend installs for a NODE_ENV.
 *
 * GitHub is always installed; it answers only where `auth.providers.github`
 * is configured (app-config.production.yaml). The guest provider is never
 * installed when NODE_ENV is `production`, whatever the config says: the
 * production config is loaded on top of app-config.yaml, which enables
 * guest for the sandbox, and config cannot remove a key.
 */
export function authProviderModules(
  nodeEnv: string | undefined = process.env.NODE_ENV,
): FeatureImport[] {
  const modules: FeatureImport[] = [
    import('@backstage/plugin-auth-backend-module-github-provider'),
  ];
  if (nodeEnv !== 'production') {
    modules.push(import('@backstage/plugin-auth-backend-module-guest-provider'));
  }
  return modules;
}
