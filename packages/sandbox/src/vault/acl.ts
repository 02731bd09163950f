import { type PathRule } from './hcl';

/*
 * Vault's ACL evaluation: rules for the same path pattern from all of a
 * token's policies are merged (deny wins), an exact rule beats any wildcard,
 * and among wildcard rules Vault's documented priority order picks one.
 */

interface MergedRule {
  pattern: string;
  capabilities: Set<string>;
}

function firstWildcard(pattern: string): number {
  const positions = [
    pattern.indexOf('+'),
    pattern.endsWith('*') ? pattern.length - 1 : -1,
  ].filter(p => p >= 0);
  return positions.length === 0 ? pattern.length : Math.min(...positions);
}

/** True when `a` has lower priority than `b` (Vault's five rules, in order). */
function lowerPriority(a: string, b: string): boolean {
  const wildA = firstWildcard(a);
  const wildB = firstWildcard(b);
  if (wildA !== wildB) return wildA < wildB;
  const globA = a.endsWith('*');
  const globB = b.endsWith('*');
  if (globA !== globB) return globA;
  const plusA = a.split('/').filter(segment => segment === '+').length;
  const plusB = b.split('/').filter(segment => segment === '+').length;
  if (plusA !== plusB) return plusA > plusB;
  if (a.length !== b.length) return a.length < b.length;
  return a < b;
}

function matches(pattern: string, path: string): boolean {
  const glob = pattern.endsWith('*');
  const body = glob ? pattern.slice(0, -1) : pattern;
  if (!body.includes('+')) return glob ? path.startsWith(body) : path === body;
  const patternSegments = body.split('/');
  const pathSegments = path.split('/');
  if (!glob && patternSegments.length !== pathSegments.length) return false;
  return patternSegments.every((segment, index) => {
    const actual = pathSegments[index];
    if (actual === undefined) return false;
    if (segment === '+') return true;
    const isLast = index === patternSegments.length - 1;
    return glob && isLast ? actual.startsWith(segment) : actual === segment;
  });
}

export class Acl {
  private readonly rules: MergedRule[];

  constructor(policies: PathRule[][]) {
    const byPattern = new Map<string, Set<string>>();
    for (const rule of policies.flat()) {
      const merged = byPattern.get(rule.path) ?? new Set<string>();
      rule.capabilities.forEach(capability => merged.add(capability));
      byPattern.set(rule.path, merged);
    }
    this.rules = [...byPattern.entries()].map(([pattern, capabilities]) => ({
      pattern,
      capabilities: capabilities.has('deny') ? new Set(['deny']) : capabilities,
    }));
  }

  /** The capabilities this ACL grants on `path` (`deny` when nothing matches). */
  capabilities(path: string): string[] {
    const exact = this.rules.find(
      rule =>
        rule.pattern === path &&
        !rule.pattern.includes('+') &&
        !rule.pattern.endsWith('*'),
    );
    let chosen = exact;
    if (!chosen) {
      for (const rule of this.rules) {
        if (!matches(rule.pattern, path)) continue;
        if (!chosen || lowerPriority(chosen.pattern, rule.pattern))
          chosen = rule;
      }
    }
    if (!chosen || chosen.capabilities.has('deny')) return ['deny'];
    return [...chosen.capabilities].sort();
  }

  allows(path: string, capability: string): boolean {
    return this.capabilities(path).includes(capability);
  }
}
