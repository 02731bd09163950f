import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
// In a module of your own, import these from
// '@internal/backstage-plugin-scaffolder-backend-module-eks-platform'.
import {
  createEcrCreateAction,
  EcrCreateActionOptions,
  ecrCreateInput,
} from '../index';

/**
 * An organisation's own step around eks:ecr:create, in its own action:
 * every repository must carry a valid cost-center tag. The check runs
 * before eks:ecr:create's handler, which then does everything else
 * (ownership checks, reconcile, owner marker, audit) unchanged.
 */
export function createCostCenterEcrAction(options: EcrCreateActionOptions) {
  const ecrCreate = createEcrCreateAction(options);
  return createTemplateAction({
    id: 'acme:ecr:create',
    description:
      "eks:ecr:create with Acme's required cost-center tag, checked before anything is written.",
    supportsDryRun: true,
    schema: {
      input: {
        ...ecrCreateInput,
        costCenter: z =>
          z.string({ description: 'Acme cost center, e.g. CC-1234' }),
      },
      output: {
        repositoryUri: z => z.string(),
        repositoryArn: z => z.string(),
        registryId: z => z.string(),
      },
    },
    async handler(ctx) {
      const { costCenter, ...input } = ctx.input;
      if (!/^CC-\d{4}$/.test(costCenter ?? '')) {
        throw new InputError(
          `Invalid input "costCenter": ${JSON.stringify(
            costCenter,
          )} is not an Acme cost center; use CC- and four digits, e.g. CC-1234.`,
        );
      }
      // The rest is eks:ecr:create itself, with the tag added.
      await ecrCreate.handler({
        ...ctx,
        input: { ...input, tags: { ...input.tags, 'cost-center': costCenter } },
      });
    },
  });
}
