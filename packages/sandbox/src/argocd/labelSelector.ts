/*
 * Kubernetes label selector syntax, as Argo CD's `selector` query parameter
 * accepts it: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`,
 * comma separated (all must match).
 */

type Requirement = (labels: Record<string, string>) => boolean;

/** Splits on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  terms.push(current);
  return terms.map(term => term.trim()).filter(term => term.length > 0);
}

function parseTerm(term: string): Requirement {
  const setMatch = term.match(/^([^\s!=(),]+)\s+(in|notin)\s+\(([^)]*)\)$/);
  if (setMatch) {
    const [, key, operator, list] = setMatch;
    const values = new Set(list.split(',').map(value => value.trim()));
    return operator === 'in'
      ? labels => key in labels && values.has(labels[key])
      : labels => !(key in labels) || !values.has(labels[key]);
  }
  const equality = term.match(/^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/);
  if (equality) {
    const [, key, operator, value] = equality;
    return operator === '!='
      ? labels => labels[key] !== value
      : labels => labels[key] === value;
  }
  const notExists = term.match(/^!\s*([^\s!=(),]+)$/);
  if (notExists) return labels => !(notExists[1] in labels);
  if (/^[^\s!=(),]+$/.test(term)) return labels => term in labels;
  throw new Error(
    `unable to parse requirement: found '${term}', expected a label selector term`,
  );
}

/** Parses a selector into a predicate; throws with a message on bad syntax. */
export function parseLabelSelector(
  selector: string,
): (labels: Record<string, string> | undefined) => boolean {
  const requirements = splitTerms(selector).map(parseTerm);
  return labels => requirements.every(requirement => requirement(labels ?? {}));
}
