import { adoptExistingInputSchema } from '@internal/backstage-plugin-eks-platform-node';
import { ActionInput, defineInputSchema } from '../../lib/actionInput';

/**
 * The input schema of eks:argocd:register: the runner validates ctx.input
 * against its JSON form, and ArgoCdRegisterInput types the handler's input
 * from it. Deliberately small: destinations, Argo CD instances, the
 * AppProject, namespaces, sync policies and the GitOps repository all come
 * from platform config (eksPlatform.environments, tenancy, gitops), never
 * from the form.
 */
export const argocdRegisterInput = defineInputSchema({
  mode: z =>
    z
      .enum(['gitops', 'api'], {
        description:
          'gitops (default): a pull request to the GitOps repository of eksPlatform.gitops; api: create or reconcile through the Argo CD REST API.',
      })
      .optional(),
  name: z =>
    z.string({
      description:
        'Service name (DNS label, at most 53 characters). Applications are named <name>-<environment>, nothing else.',
    }),
  owner: z =>
    z.string({
      description:
        'The group that owns the service ("group:default/team-a"): spec.owner of its catalog entity, or the owner chosen in the form. The user running the task must be a member.',
    }),
  environments: z =>
    z.array(z.string(), {
      description:
        'Names of eksPlatform.environments to deploy to, e.g. ["dev", "stage", "prod"]; promotion follows the order of the config.',
    }),
  chartRepoUrl: z =>
    z.string({
      description:
        "Git URL of the service's repository holding the Helm chart; its host must be in eksPlatform.tenancy.chartRepositoryHosts.",
    }),
  chartPath: z =>
    z
      .string({
        description: 'Path of the chart in that repository. Default "chart".',
      })
      .optional(),
  targetRevision: z =>
    z
      .string({
        description: 'Branch or tag of the chart repository. Default "main".',
      })
      .optional(),
  imageRepository: z =>
    z
      .string({
        description:
          "The service's image repository (eks:ecr:create's repositoryUri), written to each environment's values.yaml; must be the platform's ECR registry and end with the service name.",
      })
      .optional(),
  namespace: z =>
    z
      .string({
        description:
          "One of the owning team's namespaces (eksPlatform.tenancy.teams[].namespaces or each environment's namespacePattern). Default: the team's first namespace in each environment.",
      })
      .optional(),
  project: z =>
    z
      .string({
        description:
          "Only as a check: must be the owning team's AppProject from config (never default). Default: that project.",
      })
      .optional(),
  adoptExisting: adoptExistingInputSchema,
});

/** What the handler receives as ctx.input (no zod defaults applied). */
export type ArgoCdRegisterInput = ActionInput<typeof argocdRegisterInput>;

/**
 * Inputs earlier versions took and platform config now decides; named here
 * so a template still passing them gets an error saying where the value
 * comes from now, instead of having it silently ignored.
 */
export const INPUTS_FROM_CONFIG: Record<string, string> = {
  instance: 'eksPlatform.environments[].argocd.instance',
  destination:
    'eksPlatform.environments[].argocd.destinationServer / destinationName',
  syncPolicy:
    'eksPlatform.environments[].promotion (automatic: prune and self-heal; pull-request: self-heal, no prune)',
  valueFiles:
    'the platform layout (values.yaml, values-<env>.yaml, and apps/<name>/<env>/values.yaml in the GitOps repository)',
  commonValues:
    'the imageRepository input and pull requests to the GitOps repository',
  values: 'pull requests to the GitOps repository',
  gitopsRepoUrl: 'eksPlatform.gitops.repoUrl',
  gitopsBaseBranch: 'eksPlatform.gitops.baseBranch',
  gitopsPath: 'the platform layout (apps/<name>/<env>/)',
  chartName:
    'chartRepoUrl + chartPath (charts come from the service repository)',
};
