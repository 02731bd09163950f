import { badRequest } from './response';

/** Vault duration parameters: seconds as a number or numeric string, or Go-style "1h30m", "45s". */
export function parseDuration(value: unknown, field: string): number {
  if (value === undefined || value === null || value === '') return 0;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0)
    return Math.floor(value);
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return Number(value);
    const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(h|m|s|d)/g)];
    if (parts.length > 0 && parts.map(part => part[0]).join('') === value) {
      const unit: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 };
      return Math.floor(
        parts.reduce(
          (total, [, amount, u]) => total + Number(amount) * unit[u],
          0,
        ),
      );
    }
  }
  throw badRequest(
    `error converting input ${JSON.stringify(
      value,
    )} for field "${field}": time: invalid duration "${String(value)}"`,
  );
}

/** Comma-separated strings or arrays, as Vault's CommaStringSlice fields accept. */
export function parseStringList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value)
    ? value.map(String)
    : String(value).split(',');
  return items.map(item => item.trim()).filter(item => item.length > 0);
}

/**
 * Vault's key/value pair fields (alias_metadata): a JSON object of strings,
 * a list of "key=value" strings or a comma-separated "k=v,k2=v2" string.
 */
export function parseKeyValuePairs(
  value: unknown,
  field: string,
): Record<string, string> {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'object' && !Array.isArray(value)) {
    const result: Record<string, string> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (typeof v !== 'string') {
        throw badRequest(
          `error converting input for field "${field}": value of key "${key}" is not a string`,
        );
      }
      result[key] = v;
    }
    return result;
  }
  const result: Record<string, string> = {};
  for (const pair of parseStringList(value)) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      throw badRequest(
        `error converting input for field "${field}": invalid key value pair "${pair}"`,
      );
    }
    result[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return result;
}
