import type { LogLevel } from './config';

/** One JSON object per line on stdout, the format the cluster's log shipper parses. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(
  service: string,
  level: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const log = (entryLevel: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (SEVERITY[entryLevel] < SEVERITY[level]) {
      return;
    }
    const entry = {
      time: new Date().toISOString(),
      level: entryLevel,
      service,
      message,
      ...fields,
    };
    write(`${JSON.stringify(entry, errorReplacer)}\n`);
  };
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}

/** Errors have no enumerable fields; keep their name and message (no stack in logs by default). */
function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message };
  }
  return value;
}
