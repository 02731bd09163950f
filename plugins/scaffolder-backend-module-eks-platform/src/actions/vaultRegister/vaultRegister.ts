import {
  CallPolicy,
  readCallPolicy,
  readVaultConfig,
  UpstreamError,
  VaultClient,
} from '@internal/backstage-plugin-eks-platform-node';
import { AuditorService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { resolveVaultSpec } from './vaultSpec';
import {
  Step,
  ensureDatabaseRole,
  ensureKvPath,
  ensurePolicy,
  ensureRole,
} from './vaultSteps';
import { vaultRegisterInput } from './vaultRegister.input';
import { TrustOptions } from '../../lib/trustOptions';
import { examples } from './vaultRegister.examples';

export const VAULT_REGISTER_ACTION_ID = 'eks:vault:register';

export interface VaultRegisterActionOptions extends TrustOptions {
  config: Config;
  auditor: AuditorService;
  callPolicy?: CallPolicy;
}

/**
 * eks:vault:register: a least-privilege ACL policy for the service's KV v2
 * paths, a Kubernetes auth role bound to its service account and namespace,
 * the KV paths created without overwriting existing secrets (cas 0), and an
 * optional database secrets role.
 */
export function createVaultRegisterAction(options: VaultRegisterActionOptions) {
  const { config, auditor } = options;
  const vaultConfig = readVaultConfig(config);
  const callPolicy = options.callPolicy ?? readCallPolicy(config);

  return createTemplateAction({
    id: VAULT_REGISTER_ACTION_ID,
    description:
      'Registers a service in Vault: least-privilege policy for its KV v2 paths, Kubernetes auth role for its service account, KV paths created without overwriting (cas 0), optional database role. Idempotent.',
    examples,
    supportsDryRun: true,
    schema: {
      input: vaultRegisterInput,
      output: {
        policyName: z => z.string({ description: 'ACL policy name.' }),
        roleName: z => z.string({ description: 'Kubernetes auth role name.' }),
        secretPaths: z =>
          z.array(z.string(), {
            description:
              'KV v2 API paths, e.g. "secret/data/payments-api", for the Vault agent annotations.',
          }),
        authPath: z =>
          z.string({
            description: 'Kubernetes auth login path, e.g. "auth/kubernetes".',
          }),
        databaseCredsPath: z =>
          z
            .string({
              description:
                'Path to read database credentials from, when a database role was requested.',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      if (!vaultConfig) {
        throw new InputError(
          'Vault is not configured; add eksPlatform.vault (url and auth) to app-config.',
        );
      }
      const spec = resolveVaultSpec(ctx.input, vaultConfig.namespace);
      const dbCredsPath = spec.databaseRole
        ? `${vaultConfig.databaseMount}/creds/${spec.databaseRole.name}`
        : undefined;
      ctx.output('policyName', spec.policyName);
      ctx.output('roleName', spec.roleName);
      ctx.output(
        'secretPaths',
        spec.secretPaths.map(p => `${vaultConfig.kvMount}/data/${p}`),
      );
      ctx.output('authPath', `auth/${vaultConfig.kubernetesAuthMount}`);
      if (dbCredsPath) ctx.output('databaseCredsPath', dbCredsPath);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would write policy ${spec.policyName}, role ${spec.roleName} and ${spec.secretPaths.length} KV path(s); no Vault call made.`,
        );
        return;
      }

      const step: Step = {
        vault: new VaultClient(
          vaultConfig,
          callPolicy,
          spec.vaultNamespace,
          ctx.signal,
        ),
        spec,
        config: vaultConfig,
        audit: {
          auditor,
          actionId: VAULT_REGISTER_ACTION_ID,
          taskId: ctx.task.id,
          userRef: ctx.user?.ref,
        },
        logger: ctx.logger,
      };
      const key = `eks.vault.${spec.vaultNamespace ?? 'root'}`;
      const done: string[] = [];
      try {
        await ctx.checkpoint({
          key: `${key}.policy.${spec.policyName}`,
          fn: () => ensurePolicy(step, dbCredsPath),
        });
        done.push(`policy ${spec.policyName}`);
        await ctx.checkpoint({
          key: `${key}.role.${vaultConfig.kubernetesAuthMount}.${spec.roleName}`,
          fn: () => ensureRole(step),
        });
        done.push(`role ${spec.roleName}`);
        for (const path of spec.secretPaths) {
          await ctx.checkpoint({
            key: `${key}.kv.${vaultConfig.kvMount}.${path}`,
            fn: () => ensureKvPath(step, path),
          });
          done.push(`secret path ${path}`);
        }
        if (spec.databaseRole) {
          await ctx.checkpoint({
            key: `${key}.db.${vaultConfig.databaseMount}.${spec.databaseRole.name}`,
            fn: () => ensureDatabaseRole(step),
          });
          done.push(`database role ${spec.databaseRole.name}`);
        }
      } catch (error) {
        if (error instanceof UpstreamError) {
          ctx.logger.error(
            `Vault registration failed. Already in place: ${
              done.length ? done.join(', ') : 'nothing'
            }. Re-running the task is safe: existing policy, role and secrets are kept or updated, never duplicated or overwritten.`,
          );
        }
        throw error;
      }
    },
  });
}
