import { Config } from '@backstage/config';
import { PlatformEnvironmentSummary } from '@internal/backstage-plugin-eks-platform-common';
import { readEnvironments } from '@internal/backstage-plugin-eks-platform-node';

const KEY = 'eksPlatform.environments';
const MAX_TITLE = 60;
const MAX_DESCRIPTION = 300;

function optionalText(
  env: Config,
  key: string,
  where: string,
  max: number,
): string | undefined {
  const value = env.getOptionalString(key)?.trim();
  if (value !== undefined && (value.length > max || /[\r\n]/.test(value))) {
    throw new Error(
      `${where}.${key} must be one line of at most ${max} characters`,
    );
  }
  return value || undefined;
}

/**
 * What the golden-path form may show of `eksPlatform.environments[]`, read
 * once at start-up through the shared reader (so the same checks stop a bad
 * config here as in the scaffolder). Only the fields a developer chooses
 * by: never the account, the Argo CD instance or destination, nor the Vault
 * mount.
 */
export function readEnvironmentSummaries(
  config: Config,
): PlatformEnvironmentSummary[] {
  const raw = config.getOptionalConfigArray(KEY) ?? [];
  return readEnvironments(config).map((env, i) => ({
    name: env.name,
    title: optionalText(raw[i], 'title', `${KEY}[${i}]`, MAX_TITLE) ?? env.name,
    description:
      optionalText(raw[i], 'description', `${KEY}[${i}]`, MAX_DESCRIPTION) ??
      '',
    cluster: env.cluster,
    region: env.aws.region,
    promotion: env.promotion,
  }));
}
