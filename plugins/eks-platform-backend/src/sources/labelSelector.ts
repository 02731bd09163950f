/**
 * Kubernetes label selectors (`a=b,c!=d,e in (x,y),f notin (z),g,!h`),
 * matched in memory against cached objects and Argo CD applications.
 */
export type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'doesnotexist' };

const KEY = '[A-Za-z0-9][-A-Za-z0-9_./]*';
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s+\\(([^)]*)\\)$`);
const EQ = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*([-A-Za-z0-9_.]*)$`);
const EXISTS = new RegExp(`^(!?)\\s*(${KEY})$`);

function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

export function parseLabelSelector(selector: string): Requirement[] {
  const requirements = splitRequirements(selector).map(part => {
    let m = SET.exec(part);
    if (m) {
      return {
        key: m[1],
        op: m[2] as 'in' | 'notin',
        values: m[3]
          .split(',')
          .map(v => v.trim())
          .filter(Boolean),
      };
    }
    m = EQ.exec(part);
    if (m) {
      return {
        key: m[1],
        op: m[2] === '!=' ? 'notin' : 'in',
        values: [m[3]],
      } as Requirement;
    }
    m = EXISTS.exec(part);
    if (m)
      return { key: m[2], op: m[1] ? 'doesnotexist' : 'exists' } as Requirement;
    throw new Error(
      `invalid label selector requirement '${part}': use key=value, key!=value, key in (a,b), key notin (a,b), key or !key`,
    );
  });
  if (requirements.length === 0) throw new Error('empty label selector');
  return requirements;
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
