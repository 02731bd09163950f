import { Config } from '@backstage/config';
import { requireHttpUrl } from './urls';

/** `eksPlatform.ecr`: the default account and region of image repositories. */
export interface EcrConfig {
  region?: string;
  accountId?: string;
  /** Only for a VPC endpoint or the sandbox. */
  endpoint?: string;
}

export function readEcrConfig(config: Config): EcrConfig {
  const ecr = config.getOptionalConfig('eksPlatform.ecr');
  const endpoint = ecr?.getOptionalString('endpoint');
  const accountId = ecr?.getOptionalString('accountId');
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) {
    throw new Error(
      `eksPlatform.ecr.accountId must be a 12-digit AWS account ID (quote it in YAML), got "${accountId}"`,
    );
  }
  return {
    region: ecr?.getOptionalString('region'),
    accountId,
    endpoint: endpoint
      ? requireHttpUrl(endpoint, 'eksPlatform.ecr.endpoint')
      : undefined,
  };
}
