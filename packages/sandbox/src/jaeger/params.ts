/** Parsers for the query parameter formats Jaeger's Go handlers accept. */

const RFC3339 =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Go's time.Parse(time.RFC3339Nano, …), to millisecond precision. */
export function parseRfc3339(value: string): number {
  const m = value.match(RFC3339);
  if (!m) {
    throw new Error(
      `parsing time "${value}" as "2006-01-02T15:04:05.999999999Z07:00": cannot parse`,
    );
  }
  const fraction = m[2] ? m[2].slice(0, 4).padEnd(4, '0') : '';
  const ms = Date.parse(`${m[1]}${fraction}${m[3]}`);
  if (Number.isNaN(ms))
    throw new Error(`parsing time "${value}": out of range`);
  return ms;
}

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's time.ParseDuration (`1.5s`, `100ms`, `1h30m`), in milliseconds. */
export function parseGoDuration(value: string): number {
  const pattern = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let rest = value;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest[0] === '-' ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw new Error(`time: invalid duration "${value}"`);
  let total = 0;
  let index = 0;
  pattern.lastIndex = 0;
  while (index < rest.length) {
    pattern.lastIndex = index;
    const m = pattern.exec(rest);
    if (!m) {
      throw new Error(`time: invalid duration "${value}"`);
    }
    total += Number(m[1]) * UNIT_MS[m[2]];
    index = pattern.lastIndex;
  }
  return sign * total;
}

/** strconv.ParseBool. */
export function parseGoBool(value: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  throw new Error(`strconv.ParseBool: parsing "${value}": invalid syntax`);
}

/** strconv.ParseInt(value, 10, 64) for non-negative millisecond values. */
export function parseGoInt(value: string): number {
  if (!/^[+-]?\d+$/.test(value)) {
    throw new Error(`strconv.ParseInt: parsing "${value}": invalid syntax`);
  }
  return Number(value);
}
