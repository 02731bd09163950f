import { ActionInput, defineInputSchema } from '../../lib/actionInput';

/**
 * The input of eks:platform:resolve: what a developer chooses. Everything
 * else (clusters, accounts, registries, Argo CD, Vault mounts, namespaces,
 * the GitOps repository) is resolved from platform config and the catalog.
 */
export const platformResolveInput = defineInputSchema({
  name: z =>
    z.string({
      description:
        'Service name (DNS label, at most 40 characters): the workload, image and kubernetes-id.',
    }),
  owner: z =>
    z.string({
      description:
        'The group that owns the service, e.g. "group:default/team-a"; its namespaces come from eksPlatform.tenancy.teams or each environment\'s namespacePattern.',
    }),
  environments: z =>
    z.array(z.string(), {
      description:
        'Names of eksPlatform.environments, e.g. ["dev", "prod"] (at least one, no repeats).',
    }),
  namespace: z =>
    z
      .string({
        description:
          "One of the owning team's namespaces in every chosen environment. Default: the team's first namespace in each environment.",
      })
      .optional(),
  databaseConnection: z =>
    z
      .string({
        description:
          'A Vault database connection the owning team may use (eksPlatform.tenancy.teams[].vaultDatabaseConnections); its database per environment comes from eksPlatform.databases[]. Empty: none.',
      })
      .optional(),
  messaging: z =>
    z
      .string({
        description:
          '"kafka" to resolve each environment\'s event bus (eksPlatform.environments[].kafka), or "none" (default).',
      })
      .optional(),
  replicaSettings: z =>
    z
      .object(
        {
          autoscaling: z.boolean().optional(),
          replicas: z.number().int().optional(),
          hpaMinReplicas: z.number().int().optional(),
          hpaMaxReplicas: z.number().int().optional(),
          pdbMinAvailable: z.number().int().optional(),
        },
        {
          description:
            "The form's runtime numbers, checked against the replica and disruption-budget rules the form and the chart share (minAvailable below the lowest replica count, autoscaler maximum at least its minimum).",
        },
      )
      .optional(),
  allowedCallers: z =>
    z
      .array(z.string(), {
        description:
          'Entity refs of the Components that may call the service (at most 20), e.g. from a MultiEntityPicker; each must be a deployable service the user may read.',
      })
      .optional(),
  dependencies: z =>
    z
      .array(z.string(), {
        description:
          'Entity refs of the Components (dependsOn) or APIs (consumesApis, resolved to the Components providing them) the service calls (at most 30).',
      })
      .optional(),
});

export type PlatformResolveInput = ActionInput<typeof platformResolveInput>;

export const MAX_ALLOWED_CALLERS = 20;
export const MAX_DEPENDENCIES = 30;
