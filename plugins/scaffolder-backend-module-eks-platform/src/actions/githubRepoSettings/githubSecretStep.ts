import { GithubClient } from '@internal/backstage-plugin-eks-platform-node';
import sodium from 'libsodium-wrappers';
import { AuditContext, audited } from '../../lib/audit';
import { PreparedStep } from '../../lib/preparedSteps';

type Logger = { info(m: string): void };

/** Seals a value to the repository's (or environment's) public key, as GitHub requires. */
async function seal(value: string, publicKeyBase64: string): Promise<string> {
  await sodium.ready;
  const key = sodium.from_base64(
    publicKeyBase64,
    sodium.base64_variants.ORIGINAL,
  );
  return sodium.to_base64(
    sodium.crypto_box_seal(sodium.from_string(value), key),
    sodium.base64_variants.ORIGINAL,
  );
}

/**
 * One Actions secret from platform config, environment level: written only
 * when the environment has no secret of that name. GitHub never returns a
 * secret's value, so an existing one cannot be compared; a team that set
 * its own (or rotated it) keeps it, and a re-run writes nothing. The value
 * reaches GitHub sealed and never a log, an audit event or an output.
 */
export function environmentSecretStep(
  gh: GithubClient,
  audit: AuditContext,
  logger: Logger,
  key: string,
  name: string,
  value: string,
  env: string,
): PreparedStep {
  const { owner, repo } = gh.ref;
  const base = '/repos/{owner}/{repo}/environments/{environment_name}/secrets';
  const params = { owner, repo, environment_name: env };
  return {
    key,
    label: `secret ${name} (${env})`,
    async prepare() {
      const current = await gh.call<{ name?: string }>(
        `read secret ${name} (environment ${env})`,
        o =>
          o.request(`GET ${base}/{secret_name}`, {
            ...params,
            secret_name: name,
          }) as any,
        { accept: [404] },
      );
      return async () => {
        if (current !== undefined) {
          logger.info(
            `GitHub secret ${name} (environment ${env}) already set; kept.`,
          );
          return 'unchanged';
        }
        const publicKey = await gh.must<{ key: string; key_id: string }>(
          `read the public key of environment ${env}`,
          o => o.request(`GET ${base}/public-key`, params) as any,
        );
        const encrypted = await seal(value, publicKey.key);
        await audited(
          audit,
          'github-secret-create',
          { repository: `${owner}/${repo}`, secret: name, environment: env },
          () =>
            gh.must(
              `create secret ${name} (environment ${env})`,
              o =>
                o.request(`PUT ${base}/{secret_name}`, {
                  ...params,
                  secret_name: name,
                  encrypted_value: encrypted,
                  key_id: publicKey.key_id,
                }) as any,
            ),
        );
        logger.info(`Created GitHub secret ${name} (environment ${env}).`);
        return 'created';
      };
    },
  };
}
