import { ActionInput, defineInputSchema } from '../../lib/actionInput';
import { serviceOwnershipInput } from '../../lib/serviceTrust';

/**
 * The input schema of eks:vault:register: the runner validates ctx.input
 * against its JSON form, and VaultRegisterInput types the handler's input
 * from it. Nothing here can widen what platform config allows: names are
 * checked against eksPlatform.tenancy, namespaces and auth mounts come from
 * eksPlatform.environments, SQL from eksPlatform.vault.databaseRoleTemplates.
 */
export const vaultRegisterInput = defineInputSchema({
  serviceName: z =>
    z.string({
      description:
        'Service name (DNS label): the catalog entity, and the prefix of its policy, role and KV paths.',
    }),
  ...serviceOwnershipInput,
  namespace: z =>
    z
      .string({
        description:
          "Kubernetes namespace of the service account: one of the owning team's namespaces. Default: the team's namespace(s) in each environment.",
      })
      .optional(),
  environments: z =>
    z
      .array(z.string(), {
        description:
          'Environments (eksPlatform.environments[].name) whose Kubernetes auth mounts get the role. Default: every configured environment.',
      })
      .optional(),
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
          'KV v2 secret paths relative to the KV mount, inside the service\'s prefix: "<serviceName>" or "<serviceName>/…", e.g. ["payments-api/config"]. Default [serviceName]. No globs.',
      })
      .optional(),
  policyName: z =>
    z
      .string({
        description:
          'ACL policy name: serviceName or "<serviceName>-…". Default: serviceName.',
      })
      .optional(),
  roleName: z =>
    z
      .string({
        description:
          'Kubernetes auth role name: serviceName or "<serviceName>-…". Default: serviceName.',
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
          name: z.string({
            description:
              'Database role name: serviceName or "<serviceName>-…".',
          }),
          dbName: z.string({
            description:
              'Database connection of the database secrets engine; one that eksPlatform.tenancy.teams[].vaultDatabaseConnections gives the owning team.',
          }),
          template: z.string({
            description:
              'Name of a database role template (eksPlatform.vault.databaseRoleTemplates), e.g. "readwrite". SQL is never taken from the template input.',
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
