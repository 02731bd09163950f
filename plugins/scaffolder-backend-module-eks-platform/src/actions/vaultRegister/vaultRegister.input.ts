import { ActionInput, defineInputSchema } from '../../lib/actionInput';

/**
 * The input schema of eks:vault:register: the runner validates ctx.input against its
 * JSON form, and VaultRegisterInput types the handler's input from it.
 */
export const vaultRegisterInput = defineInputSchema({
  serviceName: z => z.string({ description: 'Service name (DNS label).' }),
  namespace: z =>
    z.string({
      description: 'Kubernetes namespace of the service account.',
    }),
  serviceAccount: z =>
    z
      .string({
        description: 'Kubernetes service account. Default: serviceName.',
      })
      .optional(),
  secretPaths: z =>
    z
      .array(z.string(), {
        description:
          'KV v2 secret paths relative to the KV mount, e.g. ["payments-api/config"]. Default [serviceName]. No globs.',
      })
      .optional(),
  policyName: z =>
    z
      .string({ description: 'ACL policy name. Default: serviceName.' })
      .optional(),
  roleName: z =>
    z
      .string({
        description: 'Kubernetes auth role name. Default: serviceName.',
      })
      .optional(),
  audience: z =>
    z
      .string({
        description: 'Expected service account token audience (optional).',
      })
      .optional(),
  databaseRole: z =>
    z
      .object(
        {
          name: z.string({ description: 'Database role name.' }),
          dbName: z.string({
            description:
              'Name of the database connection in the database secrets engine.',
          }),
          creationStatements: z.array(z.string(), {
            description:
              'SQL creating the user "{{name}}" with password "{{password}}".',
          }),
          defaultTtl: z
            .string({ description: 'Default lease TTL. Default "1h".' })
            .optional(),
          maxTtl: z
            .string({ description: 'Maximum lease TTL. Default "24h".' })
            .optional(),
        },
        { description: 'Optional dynamic database credentials role.' },
      )
      .optional(),
  vaultNamespace: z =>
    z
      .string({
        description:
          'Vault Enterprise namespace. Default eksPlatform.vault.namespace.',
      })
      .optional(),
  tokenTtl: z =>
    z
      .string({
        description: 'Token TTL of the auth role. Default "1h".',
      })
      .optional(),
  tokenMaxTtl: z =>
    z
      .string({
        description: 'Token max TTL of the auth role. Default "4h".',
      })
      .optional(),
});

/** What the handler receives as ctx.input (no zod defaults applied). */
export type VaultRegisterInput = ActionInput<typeof vaultRegisterInput>;
