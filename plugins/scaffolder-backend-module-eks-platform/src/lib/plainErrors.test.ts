import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { existingBeforeArgoCd } from './existingResources';
import {
  HOW_TO_CONTINUE,
  LATER_STEPS_NOT_RUN,
  plainError,
  redactServerPaths,
  withPlainErrors,
} from './plainErrors';

describe('redactServerPaths', () => {
  it('hides absolute server paths and keeps URLs whole', () => {
    expect(
      redactServerPaths(
        "ENOENT: no such file '/work/main/node_modules/x/index.js' while reading https://127.0.0.1:7130/platform/gitops.git/info/refs",
      ),
    ).toBe(
      "ENOENT: no such file '<server path>' while reading https://127.0.0.1:7130/platform/gitops.git/info/refs",
    );
  });
});

describe('plainError', () => {
  it('keeps the class, says what exists, why later steps did not run and how to continue, and has no stack frames', () => {
    const error = plainError(
      new ConflictError('The GitOps repository platform/gitopz does not exist'),
      ['the ECR repository 1.dkr.ecr/orders'],
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toBe(
      `The GitOps repository platform/gitopz does not exist. Already created and kept: the ECR repository 1.dkr.ecr/orders. ${LATER_STEPS_NOT_RUN} ${HOW_TO_CONTINUE}`,
    );
    expect(error.stack).toBe(`ConflictError: ${error.message}`);
    expect(error.stack).not.toMatch(/\n\s+at /);
  });
});

describe('withPlainErrors', () => {
  const failing = createTemplateAction({
    id: 'test:fail',
    schema: {
      input: {
        chartRepoUrl: z => z.string(),
        imageRepository: z => z.string(),
      },
    },
    async handler() {
      throw new InputError(
        'Cannot open /srv/backstage/dist/argocd.js: the GitOps repository 127.0.0.1:7130/platform/nope was not found',
      );
    },
  });

  it('turns a failed eks step into one paragraph naming what the run created before it', async () => {
    const action = withPlainErrors(failing, existingBeforeArgoCd);
    const error = await action
      .handler(
        createMockActionContext({
          input: {
            chartRepoUrl: 'http://127.0.0.1:7130/commerce/orders.git',
            imageRepository:
              '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders',
          },
        }) as any,
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `Cannot open <server path>: the GitOps repository 127.0.0.1:7130/platform/nope was not found. Already created and kept: the source repository (http://127.0.0.1:7130/commerce/orders); the ECR repository 123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders; the repository's CI variables and deployment environments. ${LATER_STEPS_NOT_RUN} ${HOW_TO_CONTINUE}`,
    );
    expect(error.stack).not.toContain('/srv/');
    expect(error.stack).not.toMatch(/\n\s+at /);
  });

  it('keeps the action as the registry lists it', () => {
    const action = withPlainErrors(failing);
    expect(action.id).toBe('test:fail');
    expect(action.schema).toBe(failing.schema);
  });
});
