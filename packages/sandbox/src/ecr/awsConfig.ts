import { SANDBOX_TOKENS } from '../ports';

/**
 * `aws` config for Backstage's AWS integration with the static keys the
 * ECR simulator accepts by default, for `accountId` (default the
 * sandbox's, 123456789012). Per-account static keys: no STS call to find
 * out which account they are.
 */
export function ecrSimulatorAwsConfig(
  accountId: string = SANDBOX_TOKENS.aws.accountId,
) {
  return {
    accounts: [
      {
        accountId,
        accessKeyId: SANDBOX_TOKENS.aws.accessKeyId,
        secretAccessKey: SANDBOX_TOKENS.aws.secretAccessKey,
      },
    ],
  };
}
