/**
 * Alertmanager matchers (`service="checkout",team=~"pay.*"`), parsed and
 * evaluated the way Alertmanager does: regexes are fully anchored and a
 * missing label equals the empty string.
 */
export interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

const MATCHER =
  /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

/** Splits a matcher list at the commas outside double quotes. */
export function splitTopLevel(input: string): string[] {
  const parts: string[] = [];
  let current = '';
  let inQuotes = false;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (ch === '\\' && inQuotes) {
      current += ch + (input[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') inQuotes = !inQuotes;
    if (ch === ',' && !inQuotes) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) parts.push(current);
  return parts;
}

/** Parses a matcher list; throws a message naming the bad matcher. */
export function parseMatchers(input: string): Matcher[] {
  const trimmed = input.trim().replace(/^\{/, '').replace(/\}$/, '');
  const matchers = splitTopLevel(trimmed).map(part => {
    const m = MATCHER.exec(part);
    if (!m) {
      throw new Error(
        `invalid matcher '${part.trim()}': use label="value", label!="value", label=~"regex" or label!~"regex"`,
      );
    }
    const value = m[3].replace(/\\(.)/g, '$1');
    if (m[2] === '=~' || m[2] === '!~') {
      try {
        RegExp(`^(?:${value})$`);
      } catch {
        throw new Error(
          `invalid regular expression in matcher '${part.trim()}'`,
        );
      }
    }
    return { name: m[1], op: m[2] as Matcher['op'], value };
  });
  if (matchers.length === 0) throw new Error('no matchers given');
  return matchers;
}

const regexCache = new Map<string, RegExp>();
function anchored(value: string) {
  let re = regexCache.get(value);
  if (!re) {
    re = new RegExp(`^(?:${value})$`);
    regexCache.set(value, re);
  }
  return re;
}

export function matchesAll(
  matchers: Matcher[],
  labels: Record<string, string>,
): boolean {
  return matchers.every(m => {
    const actual = labels[m.name] ?? '';
    switch (m.op) {
      case '=':
        return actual === m.value;
      case '!=':
        return actual !== m.value;
      case '=~':
        return anchored(m.value).test(actual);
      default:
        return !anchored(m.value).test(actual);
    }
  });
}

/** Alertmanager's UI filter syntax for a link: `{a="b",c=~"d"}`. */
export function formatMatchers(matchers: Matcher[]): string {
  return `{${matchers
    .map(m => `${m.name}${m.op}${JSON.stringify(m.value)}`)
    .join(',')}}`;
}
