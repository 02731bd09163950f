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
