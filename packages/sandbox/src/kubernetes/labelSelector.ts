/**
 * Kubernetes label selector syntax (k8s.io/apimachinery/pkg/labels):
 * `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a`, `!a`, `a>1`, `a<1`,
 * joined by commas (logical AND).
 */
export type LabelOperator =
  | '='
  | '!='
  | 'in'
  | 'notin'
  | 'exists'
  | '!'
  | 'gt'
  | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export class LabelSelectorError extends Error {}

type Token =
  | { kind: 'identifier'; text: string }
  | { kind: 'operator'; text: '=' | '==' | '!=' | '!' | '>' | '<' }
  | { kind: 'punct'; text: '(' | ')' | ',' }
  | { kind: 'end'; text: 'end of string' };

const SPECIAL = new Set([
  ' ',
  '\t',
  '\n',
  '\r',
  ',',
  '=',
  '!',
  '(',
  ')',
  '<',
  '>',
]);

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else if (c === '!' && input[i + 1] === '=') {
      tokens.push({ kind: 'operator', text: '!=' });
      i += 2;
    } else if (c === '=' && input[i + 1] === '=') {
      tokens.push({ kind: 'operator', text: '==' });
      i += 2;
    } else if (c === '=' || c === '!' || c === '<' || c === '>') {
      tokens.push({ kind: 'operator', text: c });
      i++;
    } else {
      let j = i;
      while (j < input.length && !SPECIAL.has(input[j])) j++;
      tokens.push({ kind: 'identifier', text: input.slice(i, j) });
      i = j;
    }
  }
  tokens.push({ kind: 'end', text: 'end of string' });
  return tokens;
}

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validateKey(key: string): void {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const nameOk = name.length > 0 && name.length <= 63 && NAME.test(name);
  const prefixOk =
    prefix === undefined ||
    (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix));
  if (!nameOk || !prefixOk) {
    throw new LabelSelectorError(
      `unable to parse requirement: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (optionally prefixed by a DNS subdomain and '/')`,
    );
  }
}

function validateValue(value: string): void {
  if (value !== '' && (value.length > 63 || !NAME.test(value))) {
    throw new LabelSelectorError(
      `unable to parse requirement: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

/** Parses a selector string; throws LabelSelectorError with the apiserver's kind of message. */
export function parseLabelSelector(input: string): LabelRequirement[] {
  const tokens = tokenize(input);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];
  const fail = (found: Token, expected: string): never => {
    throw new LabelSelectorError(
      `unable to parse requirement: found '${found.text}', expected: ${expected}`,
    );
  };

  const requirements: LabelRequirement[] = [];
  if (peek().kind === 'end') return requirements;
  for (;;) {
    let token = next();
    if (token.kind === 'operator' && token.text === '!') {
      token = next();
      if (token.kind !== 'identifier') fail(token, 'identifier');
      validateKey(token.text);
      requirements.push({ key: token.text, operator: '!', values: [] });
    } else {
      if (token.kind !== 'identifier')
        fail(token, "!, identifier, or 'end of string'");
      const key = token.text;
      validateKey(key);
      const op = peek();
      if (op.kind === 'end' || (op.kind === 'punct' && op.text === ',')) {
        requirements.push({ key, operator: 'exists', values: [] });
      } else {
        next();
        if (
          op.kind === 'identifier' &&
          (op.text === 'in' || op.text === 'notin')
        ) {
          const open = next();
          if (open.text !== '(' || open.kind !== 'punct') fail(open, "'('");
          const values: string[] = [];
          for (;;) {
            const value = peek();
            if (value.kind === 'identifier') {
              next();
              validateValue(value.text);
              values.push(value.text);
            } else {
              values.push('');
            }
            const separator = next();
            if (separator.kind === 'punct' && separator.text === ')') break;
            if (separator.kind !== 'punct' || separator.text !== ',')
              fail(separator, "',' or ')'");
          }
          requirements.push({ key, operator: op.text, values });
        } else if (op.kind === 'operator' && op.text !== '!') {
          const valueToken = peek();
          let value = '';
          if (valueToken.kind === 'identifier') {
            next();
            value = valueToken.text;
          } else if (!(valueToken.kind === 'end' || valueToken.text === ',')) {
            fail(valueToken, 'identifier');
          }
          if (op.text === '>' || op.text === '<') {
            if (!/^-?\d+$/.test(value)) {
              throw new LabelSelectorError(
                `unable to parse requirement: Invalid value: "${value}": for 'Gt', 'Lt' operators, the value must be an integer`,
              );
            }
            requirements.push({
              key,
              operator: op.text === '>' ? 'gt' : 'lt',
              values: [value],
            });
          } else {
            validateValue(value);
            requirements.push({
              key,
              operator: op.text === '!=' ? '!=' : '=',
              values: [value],
            });
          }
        } else {
          fail(op, 'in, notin, =, ==, !=, gt, lt');
        }
      }
    }
    const separator = next();
    if (separator.kind === 'end') return requirements;
    if (separator.kind !== 'punct' || separator.text !== ',')
      fail(separator, "',' or 'end of string'");
  }
}

export function matchesLabels(
  requirements: LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const set = labels ?? {};
  return requirements.every(({ key, operator, values }) => {
    const has = Object.prototype.hasOwnProperty.call(set, key);
    const value = set[key];
    switch (operator) {
      case '=':
      case 'in':
        return has && values.includes(value);
      // Absent keys satisfy negative requirements, as in the real selector.
      case '!=':
      case 'notin':
        return !has || !values.includes(value);
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'gt':
        return (
          has && /^-?\d+$/.test(value) && Number(value) > Number(values[0])
        );
      case 'lt':
        return (
          has && /^-?\d+$/.test(value) && Number(value) < Number(values[0])
        );
      default:
        return false;
    }
  });
}
