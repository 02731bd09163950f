import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ActionInput, defineInputSchema } from './actionInput';

const schema = defineInputSchema({
  name: z => z.string({ description: 'Name.' }),
  replicas: z => z.number().optional(),
  tags: z => z.record(z.string()).optional(),
});

describe('defineInputSchema', () => {
  it('hands the runner the schema itself, so the JSON schema is unchanged', () => {
    const action = createTemplateAction({
      id: 'test:input',
      schema: { input: schema },
      handler: async () => {},
    });
    expect(action.schema?.input).toMatchObject({
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', description: 'Name.' },
        replicas: { type: 'number' },
        tags: { type: 'object' },
      },
    });
  });

  it('types ctx.input from the schema (a mismatch fails yarn tsc)', async () => {
    const seen: ActionInput<typeof schema>[] = [];
    const action = createTemplateAction({
      id: 'test:input',
      schema: { input: schema },
      handler: async ctx => {
        const name: string = ctx.input.name;
        const replicas: number | undefined = ctx.input.replicas;
        seen.push({ name, replicas });
      },
    });
    await action.handler(
      createMockActionContext({ input: { name: 'cart', replicas: 2 } }),
    );
    // Optional fields may be left out of an ActionInput.
    const minimal: ActionInput<typeof schema> = { name: 'cart' };
    expect(seen).toEqual([{ name: 'cart', replicas: 2 }]);
    expect(minimal).toEqual({ name: 'cart' });
  });
});
