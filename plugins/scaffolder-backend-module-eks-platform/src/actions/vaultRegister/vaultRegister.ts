import {
  CallPolicy,
  readCallPolicy,
  readVaultConfig,
  requireVaultRoleMarkers,
  UpstreamError,
  VaultClient,
} from '@internal/backstage-plugin-eks-platform-node';
import { AuditorService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { resolveVaultSpec } from './vaultSpec';
import { scopeVaultSpec } from './vaultScope';
import { policyStep, roleStep, VaultStepContext } from './vaultSteps';
import { databaseRoleStep, kvPathStep } from './vaultSecretSteps';
import { vaultRegisterInput } from './vaultRegister.input';
import { runPreparedSteps } from '../../lib/preparedSteps';
import {
  resolveServiceTrust,
  ServiceTrustOptions,
} from '../../lib/serviceTrust';
import { examples } from './vaultRegister.examples';

export const VAULT_REGISTER_ACTION_ID = 'eks:vault:register';

export interface VaultRegisterActionOptions extends ServiceTrustOptions {
  config: Config;
  auditor: AuditorService;
  callPolicy?: CallPolicy;
}

/**
 * eks:vault:register: a least-privilege ACL policy for the service's KV v2
 * paths, a Kubernetes auth role per auth mount bound to the owning team's
 * namespaces, the KV paths created without overwriting existing secrets
 * (cas 0), and an optional database role from a platform template. Every
 * resource carries the service's owner marker; one that belongs to someone
 * else, or to nobody, is refused before anything is written.
 */
export function createVaultRegisterAction(options: VaultRegisterActionOptions) {
  const { config, auditor } = options;
  const vaultConfig = readVaultConfig(config);
  const callPolicy = options.callPolicy ?? readCallPolicy(config);

  return createTemplateAction({
    id: VAULT_REGISTER_ACTION_ID,
    description:
      "Registers a service in Vault: least-privilege policy for its KV v2 paths, Kubernetes auth role bound to the owning team's namespaces, KV paths created without overwriting (cas 0), optional database role from a platform template. Refuses another team's resources. Idempotent.",
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
            description:
              'Kubernetes auth login path of the first environment, e.g. "auth/kubernetes".',
          }),
        authPaths: z =>
          z.record(z.string(), {
            description:
              'Kubernetes auth login path per environment, e.g. { dev: "auth/kubernetes-dev" }.',
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
      // Shape, then who asks and for which owner, then platform allow-lists:
      // all before any Vault call.
      const spec = resolveVaultSpec(ctx.input, vaultConfig.namespace);
      const trust = await resolveServiceTrust(options, ctx, {
        serviceName: spec.serviceName,
        entityRef: ctx.input.entityRef,
        owner: ctx.input.owner,
        adoptExisting: ctx.input.adoptExisting,
      });
      const scope = scopeVaultSpec(spec, trust.team, options.platformPolicy);
      const dbCredsPath = spec.databaseRole
        ? `${vaultConfig.databaseMount}/creds/${spec.databaseRole.name}`
        : undefined;
      const authPaths = Object.values(scope.authPaths);
      ctx.output('policyName', spec.policyName);
      ctx.output('roleName', spec.roleName);
      ctx.output(
        'secretPaths',
        spec.secretPaths.map(p => `${vaultConfig.kvMount}/data/${p}`),
      );
      ctx.output('authPath', authPaths[0]);
      ctx.output('authPaths', scope.authPaths);
      if (dbCredsPath) ctx.output('databaseCredsPath', dbCredsPath);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would write policy ${spec.policyName}, role ${spec.roleName} and ${spec.secretPaths.length} KV path(s) for ${trust.requested.entityRef} (owner ${trust.requested.ownerRef}); no Vault call made.`,
        );
        return;
      }

      const vault = new VaultClient(
        vaultConfig,
        callPolicy,
        spec.vaultNamespace,
        ctx.signal,
      );
      const step: VaultStepContext = {
        vault,
        scope,
        config: vaultConfig,
        trust,
        audit: {
          auditor,
          actionId: VAULT_REGISTER_ACTION_ID,
          taskId: ctx.task.id,
          userRef: trust.caller.userEntityRef,
        },
        logger: ctx.logger,
        key: `eks.vault.${spec.vaultNamespace ?? 'root'}`,
      };
      const done: string[] = [];
      try {
        // Role markers live in alias_metadata: a Vault that drops it would
        // make every role look like someone else's on the next run.
        await requireVaultRoleMarkers(vault);
        await runPreparedSteps(
          ctx,
          [
            policyStep(step),
            ...scope.roles.map(role => roleStep(step, role)),
            ...spec.secretPaths.map(path => kvPathStep(step, path)),
            ...(spec.databaseRole ? [databaseRoleStep(step)] : []),
          ],
          done,
        );
      } catch (error) {
        if (error instanceof UpstreamError) {
          ctx.logger.error(
            `Vault registration failed. Already in place: ${
              done.length ? done.join(', ') : 'nothing'
            }. Re-running the task is safe: this service's policy, role and secrets are kept or updated, never duplicated or overwritten.`,
          );
        }
        throw error;
      }
    },
  });
}
