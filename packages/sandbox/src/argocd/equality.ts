/*
 * Argo CD compares an existing Application with a create request using Go's
 * reflect.DeepEqual on the decoded structs. Fields tagged `omitempty` make
 * `false`, `""`, `0`, `[]`, `{}` and a missing field indistinguishable once
 * stored, so both sides are normalised that way before comparing.
 */

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalise);
    return items.length === 0 ? undefined : items;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => [key, normalise(item)] as const)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  if (value === null || value === false || value === '' || value === 0)
    return undefined;
  return value;
}

export function equalIgnoringEmpty(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}
