/**
 * Stable JSON for comparing desired and actual upstream state: keys sorted,
 * and (with `dropEmpty`) null, empty strings, empty arrays and empty objects
 * removed, because upstreams drop or add such defaults on their own.
 */
export function canonicalJson(value: unknown, dropEmpty = false): string {
  return JSON.stringify(normalise(value, dropEmpty)) ?? 'null';
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.keys(value).length === 0)
  );
}

function normalise(value: unknown, dropEmpty: boolean): unknown {
  if (Array.isArray(value)) return value.map(v => normalise(v, dropEmpty));
  if (value && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const child = normalise((value as any)[key], dropEmpty);
      if (child === undefined || (dropEmpty && isEmpty(child))) continue;
      result[key] = child;
    }
    return result;
  }
  return value;
}
