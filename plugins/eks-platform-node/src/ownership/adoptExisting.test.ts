import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ADOPT_EXISTING_INPUT,
  adoptExistingInputSchema,
} from './adoptExisting';

describe('adoptExistingInputSchema', () => {
  it('is an optional boolean named adoptExisting in the action’s JSON schema', () => {
    const action = createTemplateAction({
      id: 'test:adopt',
      schema: {
        input: {
          name: z => z.string(),
          [ADOPT_EXISTING_INPUT]: adoptExistingInputSchema,
        },
      },
      // Typed from the schema: a wrong type here fails yarn tsc.
      handler: async ctx => {
        const adopt: boolean | undefined = ctx.input.adoptExisting;
        ctx.logger.info(String(adopt));
      },
    });
    expect(action.schema?.input).toMatchObject({
      required: ['name'],
      properties: {
        adoptExisting: {
          type: 'boolean',
          description: expect.stringContaining('Platform admins only'),
        },
      },
    });
  });
});
