import { ActionInput, defineInputSchema } from '../../lib/actionInput';
import { serviceOwnershipInput } from '../../lib/serviceTrust';

/**
 * The input schema of eks:github:repo:configure: the runner validates ctx.input against its
 * JSON form, and GithubSettingsInput types the handler's input from it.
 */
export const githubRepoSettingsInput = defineInputSchema({
  repoUrl: z =>
    z.string({
      description:
        'The service\'s own repository (its catalog-info.yaml declares the service and its owner), in an organisation of eksPlatform.tenancy.githubOrganizations, in RepoUrlPicker format: "github.com?owner=o&repo=r".',
    }),
  ...serviceOwnershipInput,
  awsRoleArn: z =>
    z
      .string({
        description:
          "IAM role the workflows assume through OIDC, in an account of the platform (eksPlatform.ecr.accountId or an environment's); stored as variable AWS_ROLE_ARN.",
      })
      .optional(),
  awsRegion: z =>
    z
      .string({
        description:
          "AWS region of the platform (eksPlatform.ecr.region or an environment's); stored as variable AWS_REGION.",
      })
      .optional(),
  ecrRegistry: z =>
    z
      .string({
        description:
          'ECR registry host: the one of eksPlatform.ecr (account and region), e.g. "123456789012.dkr.ecr.eu-west-1.amazonaws.com"; stored as variable ECR_REGISTRY.',
      })
      .optional(),
  ecrRepository: z =>
    z
      .string({
        description:
          "The service's ECR repository name; stored as variable ECR_REPOSITORY.",
      })
      .optional(),
  variables: z =>
    z
      .record(z.string(), {
        description:
          'More repository Actions variables (not secrets); not the ones the action sets itself (AWS_ROLE_ARN, AWS_REGION, ECR_REGISTRY, ECR_REPOSITORY).',
      })
      .optional(),
  environments: z =>
    z
      .array(
        z.object({
          name: z.string({
            description: 'Environment name, e.g. "prod".',
          }),
          reviewers: z
            .object({
              users: z
                .array(z.string(), {
                  description: 'GitHub logins or user entity refs.',
                })
                .optional(),
              teams: z
                .array(z.string(), {
                  description: 'Team slugs or group entity refs.',
                })
                .optional(),
            })
            .optional(),
          preventSelfReview: z.boolean().optional(),
          waitTimer: z
            .number({
              description: 'Minutes to wait before a deployment (0-43200).',
            })
            .optional(),
          deploymentBranches: z
            .array(z.string(), {
              description:
                'Branch name patterns allowed to deploy; omit to allow all.',
            })
            .optional(),
          variables: z
            .record(z.string(), {
              description: 'Environment-level variables.',
            })
            .optional(),
        }),
        {
          description:
            'Deployment environments, e.g. dev, stage and prod with reviewers. An existing environment only gains protection: its reviewers and branch rule are kept, the longer wait timer wins.',
        },
      )
      .optional(),
});

/** What the handler receives as ctx.input (no zod defaults applied). */
export type GithubSettingsInput = ActionInput<typeof githubRepoSettingsInput>;
