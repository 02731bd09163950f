import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';

/** What the test action was run with, in order. */
export type AdoptionCall = { repositoryName: string; adoptExisting?: boolean };

/**
 * Stands in for the eks:* actions' `adoptExisting` input until the actions
 * carry it: an action named like them with the same boolean input, which
 * records each run instead of touching an upstream.
 */
export function adoptingActionModule(calls: AdoptionCall[]) {
  return createBackendModule({
    pluginId: 'scaffolder',
    moduleId: 'test-adopting-action',
    register(reg) {
      reg.registerInit({
        deps: { scaffolder: scaffolderActionsExtensionPoint },
        async init({ scaffolder }) {
          scaffolder.addActions(
            createTemplateAction({
              id: 'eks:test:adopt',
              description: 'Adopts a pre-existing repository (test only)',
              schema: {
                input: {
                  repositoryName: z => z.string(),
                  adoptExisting: z => z.boolean().optional(),
                },
              },
              async handler(ctx) {
                calls.push({
                  repositoryName: ctx.input.repositoryName,
                  adoptExisting: ctx.input.adoptExisting,
                });
              },
            }),
          );
        },
      });
    },
  });
}
