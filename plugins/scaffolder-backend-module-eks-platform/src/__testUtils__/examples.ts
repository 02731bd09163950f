import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { JsonObject, JsonValue } from '@backstage/types';
import yaml from 'yaml';

const EXPRESSION = /\$\{\{\s*([^}]+?)\s*\}\}/g;

function lookup(path: string, context: JsonObject): JsonValue {
  let value: JsonValue | undefined = context;
  for (const key of path.split('.')) {
    value =
      value && typeof value === 'object' && !Array.isArray(value)
        ? (value as JsonObject)[key]
        : undefined;
  }
  if (value === undefined)
    throw new Error(
      `The example uses \${{ ${path} }}, which the test does not provide`,
    );
  return value;
}

function render(value: JsonValue, context: JsonObject): JsonValue {
  if (typeof value === 'string') {
    const whole = value.match(/^\$\{\{\s*([^}]+?)\s*\}\}$/);
    if (whole) return lookup(whole[1], context);
    return value.replace(EXPRESSION, (_, path) =>
      String(lookup(path, context)),
    );
  }
  if (Array.isArray(value)) return value.map(v => render(v, context));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        render(v as JsonValue, context),
      ]),
    );
  return value;
}

/**
 * The input of `actionId`'s step in a documented example, with its
 * `${{ parameters.x }}` and `${{ steps.id.output.y }}` expressions filled in
 * from `context` as the scaffolder would (a missing value fails the test).
 */
export function exampleInput(
  example: TemplateExample,
  actionId: string,
  context: { parameters?: JsonObject; steps?: JsonObject } = {},
): JsonObject {
  const template = yaml.parse(example.example) as {
    steps: Array<{ action: string; input: JsonObject }>;
  };
  const step = template.steps.find(s => s.action === actionId);
  if (!step) throw new Error(`The example has no ${actionId} step`);
  return render(step.input, context as JsonObject) as JsonObject;
}
