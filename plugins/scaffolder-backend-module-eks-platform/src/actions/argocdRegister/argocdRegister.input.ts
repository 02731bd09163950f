import { ActionInput, defineInputSchema } from '../../lib/actionInput';

/**
 * The input schema of eks:argocd:register: the runner validates ctx.input against its
 * JSON form, and ArgoCdRegisterInput types the handler's input from it.
 */
export const argocdRegisterInput = defineInputSchema({
  mode: z =>
    z
      .enum(['gitops', 'api'], {
        description:
          'gitops (default): pull request to the GitOps repository; api: create through the Argo CD REST API (upsert).',
      })
      .optional(),
  instance: z =>
    z
      .string({
        description:
          'Argo CD instance name from eksPlatform.argocd.instances. Default: the first one.',
      })
      .optional(),
  name: z =>
    z.string({
      description:
        'Service name (DNS label, at most 53 characters). Applications are named <name>-<environment>.',
    }),
  project: z =>
    z.string({ description: 'Argo CD project. Default "default".' }).optional(),
  namespace: z =>
    z.string({
      description: 'Kubernetes namespace the service is deployed to.',
    }),
  environments: z =>
    z.array(z.string(), {
      description: 'Environments, e.g. ["dev", "stage", "prod"].',
    }),
  chartRepoUrl: z =>
    z.string({
      description:
        'Repository URL of the Helm chart: a Git repository (with chartPath) or a Helm/OCI repository (with chartName).',
    }),
  chartPath: z =>
    z
      .string({
        description:
          'Path of the chart in the Git repository. Default "chart".',
      })
      .optional(),
  chartName: z =>
    z
      .string({
        description: 'Chart name in a Helm repository (instead of chartPath).',
      })
      .optional(),
  targetRevision: z =>
    z
      .string({
        description: 'Git revision or chart version. Default "HEAD".',
      })
      .optional(),
  valueFiles: z =>
    z
      .array(z.string(), {
        description:
          'Helm value files in the chart source; "{env}" is replaced by the environment. Default ["values.yaml", "values-{env}.yaml"] (missing files are ignored).',
      })
      .optional(),
  commonValues: z =>
    z
      .record(z.any(), {
        description:
          "gitops mode: Helm values written to every environment's values.yaml.",
      })
      .optional(),
  values: z =>
    z
      .record(z.record(z.any()), {
        description:
          'gitops mode: Helm values per environment (merged over commonValues), e.g. { prod: { replicaCount: 3 } }.',
      })
      .optional(),
  destination: z =>
    z
      .record(
        z.object({
          server: z.string().optional(),
          name: z.string().optional(),
          namespace: z.string().optional(),
        }),
        {
          description:
            'Destination cluster per environment: { <env>: { server: <API URL> } or { name: <cluster name> }, namespace? }. Default: the in-cluster server and "namespace".',
        },
      )
      .optional(),
  syncPolicy: z =>
    z
      .object(
        {
          automated: z.boolean().optional(),
          prune: z.boolean().optional(),
          selfHeal: z.boolean().optional(),
          createNamespace: z.boolean().optional(),
        },
        {
          description: 'Sync policy; every flag defaults to true.',
        },
      )
      .optional(),
  gitopsRepoUrl: z =>
    z
      .string({
        description:
          'gitops mode: GitOps repository in RepoUrlPicker format ("github.com?owner=o&repo=r"). Default eksPlatform.gitops.repoUrl.',
      })
      .optional(),
  gitopsBaseBranch: z =>
    z
      .string({
        description:
          'gitops mode: branch the pull request targets. Default eksPlatform.gitops.baseBranch, else "main".',
      })
      .optional(),
  gitopsPath: z =>
    z
      .string({
        description:
          'gitops mode: folder holding <name>/<env>/{values,application}.yaml. Default "apps".',
      })
      .optional(),
});

/** What the handler receives as ctx.input (no zod defaults applied). */
export type ArgoCdRegisterInput = ActionInput<typeof argocdRegisterInput>;
