import { ActionInput, defineInputSchema } from '../../lib/actionInput';
import { serviceOwnershipInput } from '../../lib/serviceTrust';

/**
 * The input schema of eks:ecr:create: the runner validates ctx.input against its
 * JSON form, and EcrCreateInput types the handler's input from it.
 */
export const ecrCreateInput = defineInputSchema({
  repositoryName: z =>
    z.string({
      description:
        'Repository name: lowercase letters, digits, "._-" and "/" namespaces, ending in the service name, e.g. "team/payments-api".',
    }),
  ...serviceOwnershipInput,
  accountId: z =>
    z
      .string({
        description:
          'AWS account (12 digits) of the registry: eksPlatform.ecr.accountId, the only one accepted. Default: that one.',
      })
      .optional(),
  region: z =>
    z
      .string({
        description:
          'AWS region of the registry: eksPlatform.ecr.region, the only one accepted. Default: that one.',
      })
      .optional(),
  imageTagMutability: z =>
    z
      .enum(['IMMUTABLE', 'MUTABLE'], {
        description: 'Tag mutability. Default IMMUTABLE.',
      })
      .optional(),
  scanOnPush: z =>
    z.boolean({ description: 'Scan images on push. Default true.' }).optional(),
  encryption: z =>
    z
      .object(
        {
          type: z.enum(['AES256', 'KMS'], {
            description: 'AES256 (default) or KMS.',
          }),
          kmsKey: z
            .string({
              description:
                'KMS key ID, alias or ARN; only with type KMS. Omit to use the AWS managed key.',
            })
            .optional(),
        },
        {
          description:
            'Encryption at rest. Fixed at creation: ECR cannot change it later.',
        },
      )
      .optional(),
  lifecyclePolicy: z =>
    z
      .object(
        {
          keepTaggedImages: z
            .number({
              description: 'Keep the last N tagged images. Default 30.',
            })
            .optional(),
          expireUntaggedAfterDays: z
            .number({
              description: 'Expire untagged images after D days. Default 7.',
            })
            .optional(),
        },
        { description: 'Lifecycle policy settings.' },
      )
      .optional(),
  pullAccountIds: z =>
    z
      .array(z.string(), {
        description:
          "AWS accounts allowed to pull (repository policy), each listed in eksPlatform.tenancy.ecrPullAccounts. Omit to leave the policy untouched; [] removes this action's statement.",
      })
      .optional(),
  tags: z =>
    z
      .record(z.string(), {
        description:
          'Resource tags, e.g. { team: payments }. Keys under "eks.platform/" are the owner marker\'s and not accepted.',
      })
      .optional(),
});

/** What the handler receives as ctx.input (no zod defaults applied). */
export type EcrCreateInput = ActionInput<typeof ecrCreateInput>;
