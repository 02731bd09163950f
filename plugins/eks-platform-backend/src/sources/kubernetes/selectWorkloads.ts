import { Requirement } from '../labelSelector';

/** Converts a Kubernetes LabelSelector object (matchLabels/matchExpressions) into requirements. */
export function requirementsOf(selector: any): Requirement[] | undefined {
  if (!selector) return undefined;
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    reqs.push({ key, op: 'in', values: [String(value)] });
  }
  for (const e of selector.matchExpressions ?? []) {
    const op = String(e.operator).toLowerCase();
    if (op === 'in' || op === 'notin')
      reqs.push({ key: e.key, op, values: e.values ?? [] });
    else if (op === 'exists') reqs.push({ key: e.key, op: 'exists' });
    else if (op === 'doesnotexist')
      reqs.push({ key: e.key, op: 'doesnotexist' });
  }
  return reqs;
}
