/**
 * Kubernetes label selectors (`a=b,c!=d,e in (x,y),f notin (z),g,!h`), as
 * the API server parses them (k8s.io/apimachinery/pkg/labels), validated
 * strictly: they come from entity annotations any team can write, and are
 * sent to the API server and matched in memory against cached objects and
 * Argo CD applications.
 */
export type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'doesnotexist' };

/** Longer selectors are refused: a URL parameter, and a watch set per distinct selector. */
export const MAX_SELECTOR_LENGTH = 1024;

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const FORMS =
  'use key=value, key==value, key!=value, key in (a,b), key notin (a,b), key or !key, separated by commas';

export class LabelSelectorError extends Error {}

/** A label key as the API server accepts it: `[prefix/]name`. */
function keyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (!prefix || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))
      return `label key '${key}' has an invalid prefix: it must be a lower-case DNS subdomain of at most 253 characters`;
  }
  if (!name || name.length > 63 || !NAME.test(name))
    return `label key '${key}' is invalid: its name must be at most 63 characters, alphanumeric at both ends, with '-', '_' or '.' between`;
  return undefined;
}

function valueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !NAME.test(value))
    return `label value '${value}' is invalid: at most 63 characters, alphanumeric at both ends, with '-', '_' or '.' between`;
  return undefined;
}

type Token =
  | { kind: 'id'; text: string }
  | { kind: '!' | '=' | '==' | '!=' | '(' | ')' | ',' | '<' | '>' };

const SPECIAL = new Set(['!', '=', '(', ')', ',', '<', '>']);

function tokenize(selector: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < selector.length) {
    const ch = selector[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '!' && selector[i + 1] === '=') {
      tokens.push({ kind: '!=' });
      i += 2;
    } else if (ch === '=' && selector[i + 1] === '=') {
      tokens.push({ kind: '==' });
      i += 2;
    } else if (SPECIAL.has(ch)) {
      tokens.push({ kind: ch as '!' });
      i++;
    } else {
      let j = i;
      while (
        j < selector.length &&
        !SPECIAL.has(selector[j]) &&
        !/\s/.test(selector[j])
      )
        j++;
      tokens.push({ kind: 'id', text: selector.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

/** Parses and validates a selector; throws LabelSelectorError saying what to fix. */
export function parseLabelSelector(selector: string): Requirement[] {
  if (selector.length > MAX_SELECTOR_LENGTH) {
    throw new LabelSelectorError(
      `label selector is ${selector.length} characters long; at most ${MAX_SELECTOR_LENGTH} are accepted`,
    );
  }
  const tokens = tokenize(selector);
  if (tokens.length === 0) {
    throw new LabelSelectorError(
      `empty label selector: it would match every object; ${FORMS}`,
    );
  }
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (what: string): never => {
    throw new LabelSelectorError(
      `invalid label selector '${selector}': ${what}; ${FORMS}`,
    );
  };
  const key = (): string => {
    const t = tokens[pos++];
    if (!t || t.kind !== 'id') return fail('expected a label key');
    const problem = keyProblem(t.text);
    if (problem) fail(problem);
    return t.text;
  };
  const value = (): string => {
    const t = peek();
    // `key=` selects the empty value, as the API server reads it.
    if (!t || t.kind === ',') return '';
    if (t.kind !== 'id') return fail('expected a label value');
    pos++;
    const problem = valueProblem(t.text);
    if (problem) fail(problem);
    return t.text;
  };
  const set = (): string[] => {
    if (tokens[pos++]?.kind !== '(') fail("expected '(' after in/notin");
    const values: string[] = [];
    for (;;) {
      const t = tokens[pos++];
      if (!t) return fail("unclosed '('");
      if (t.kind === ')' && values.length === 0)
        fail('in and notin need at least one value');
      if (t.kind !== 'id') return fail('expected a value inside ( )');
      const problem = valueProblem(t.text);
      if (problem) fail(problem);
      values.push(t.text);
      const next = tokens[pos++];
      if (next?.kind === ')') return values;
      if (next?.kind !== ',') fail("expected ',' or ')' in a value set");
    }
  };
  const requirement = (): Requirement => {
    if (peek()?.kind === '!') {
      pos++;
      return { key: key(), op: 'doesnotexist' };
    }
    const k = key();
    const t = peek();
    if (!t || t.kind === ',') return { key: k, op: 'exists' };
    pos++;
    switch (t.kind) {
      case '=':
      case '==':
        return { key: k, op: 'in', values: [value()] };
      case '!=':
        return { key: k, op: 'notin', values: [value()] };
      case '<':
      case '>':
        return fail('the < and > operators are not accepted here');
      case 'id':
        if (t.text === 'in' || t.text === 'notin')
          return { key: k, op: t.text, values: set() };
        return fail(`unexpected '${t.text}' after key '${k}'`);
      default:
        return fail(`unexpected '${t.kind}' after key '${k}'`);
    }
  };
  const requirements: Requirement[] = [requirement()];
  while (pos < tokens.length) {
    if (tokens[pos++].kind !== ',') fail("expected ',' between requirements");
    if (pos >= tokens.length) fail('a trailing comma');
    requirements.push(requirement());
  }
  return requirements;
}

function formatRequirement(r: Requirement): string {
  switch (r.op) {
    case 'exists':
      return r.key;
    case 'doesnotexist':
      return `!${r.key}`;
    default: {
      const values = Array.from(new Set(r.values)).sort();
      if (values.length === 1)
        return `${r.key}${r.op === 'in' ? '=' : '!='}${values[0]}`;
      return `${r.key} ${r.op} (${values.join(',')})`;
    }
  }
}

/**
 * One spelling per meaning (`a = b` and `a==b` are `a=b`, requirements and
 * set values sorted), so that spaces or order cannot multiply watch sets.
 */
export function formatLabelSelector(requirements: Requirement[]): string {
  return Array.from(new Set(requirements.map(formatRequirement)))
    .sort()
    .join(',');
}

export function matchesSelector(
  requirements: Requirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  return requirements.every(r => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'doesnotexist':
        return !has;
      case 'in':
        return has && r.values.includes(l[r.key]);
      default:
        return !has || !r.values.includes(l[r.key]);
    }
  });
}
