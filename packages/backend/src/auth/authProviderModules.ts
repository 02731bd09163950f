import { BackendFeature } from '@backstage/backend-plugin-api';
import githubProviderModule from '@backstage/plugin-auth-backend-module-github-provider';
import guestProviderModule from '@backstage/plugin-auth-backend-module-guest-provider';

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
): BackendFeature[] {
  return nodeEnv === 'production'
    ? [githubProviderModule]
    : [githubProviderModule, guestProviderModule];
}
