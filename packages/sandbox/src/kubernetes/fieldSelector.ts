import { KubeObject, ResourceDefinition } from './types';

/** Field selector syntax (k8s.io/apimachinery/pkg/fields): `a=b`, `a==b`, `a!=b`, comma-joined. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

export class FieldSelectorError extends Error {}

/** Splits on unescaped commas; `\,`, `\=` and `\\` are escapes as in apimachinery. */
function splitTerms(input: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '\\' && i + 1 < input.length) {
      current += input[i] + input[i + 1];
      i++;
    } else if (input[i] === ',') {
      terms.push(current);
      current = '';
    } else {
      current += input[i];
    }
  }
  terms.push(current);
  return terms;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

export function parseFieldSelector(input: string): FieldRequirement[] {
  if (input.trim() === '') return [];
  return splitTerms(input).map(term => {
    const match = term.match(/^(.*?)(!=|==|=)(.*)$/s);
    if (!match || /(^|[^\\])[=!]/.test(match[1])) {
      throw new FieldSelectorError(
        `invalid selector: '${input}'; can't understand '${term}'`,
      );
    }
    return {
      field: match[1].trim(),
      operator: match[2] === '!=' ? '!=' : '=',
      value: unescape(match[3]),
    };
  });
}

/** How the real server reads a field label, or undefined when the resource does not support it. */
export function fieldGetter(
  resource: ResourceDefinition,
  field: string,
): ((object: KubeObject) => string) | undefined {
  if (field === 'metadata.name') return object => object.metadata.name;
  if (field === 'metadata.namespace' && resource.namespaced) {
    return object => object.metadata.namespace ?? '';
  }
  return resource.selectableFields?.[field];
}

/** Resolves every requirement to a predicate; unsupported labels fail like the apiserver (400). */
export function compileFieldSelector(
  resource: ResourceDefinition,
  requirements: FieldRequirement[],
): (object: KubeObject) => boolean {
  const checks = requirements.map(({ field, operator, value }) => {
    const get = fieldGetter(resource, field);
    if (!get)
      throw new FieldSelectorError(`field label not supported: ${field}`);
    return (object: KubeObject) =>
      (get(object) === value) === (operator === '=');
  });
  return object => checks.every(check => check(object));
}
