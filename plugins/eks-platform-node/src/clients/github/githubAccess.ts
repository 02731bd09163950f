import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { CallPolicy, readCallPolicy } from '../../config/callPolicy';

/**
 * What every action that talks to GitHub needs: the configured integrations,
 * credentials (a token or GitHub App from `integrations.github`) and the
 * timeout/retry policy. Tests inject their own provider or policy.
 */
export function githubAccess(
  config: Config,
  overrides: {
    githubCredentialsProvider?: GithubCredentialsProvider;
    callPolicy?: CallPolicy;
  } = {},
) {
  const integrations = ScmIntegrations.fromConfig(config);
  return {
    integrations,
    credentialsProvider:
      overrides.githubCredentialsProvider ??
      DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    callPolicy: overrides.callPolicy ?? readCallPolicy(config),
  };
}
