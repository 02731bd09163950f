import { CallPolicy } from '@internal/backstage-plugin-eks-platform-node';
import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonObject, JsonValue } from '@backstage/types';
import { AddressInfo, createServer } from 'node:net';
import { initiator } from './trust';

/** Fast retries for tests; `sleep` records the delays instead of waiting long. */
export function testCallPolicy(
  overrides: Partial<CallPolicy['retry']> = {},
  timeoutMs = 400,
) {
  const delays: number[] = [];
  const policy: CallPolicy = {
    timeoutMs,
    retry: {
      attempts: 3,
      baseDelayMs: 1,
      maxDelayMs: 10_000,
      sleep: async (ms: number) => {
        delays.push(ms);
      },
      ...overrides,
    },
  };
  return { policy, delays };
}

export interface AuditRecord {
  eventId: string;
  meta?: JsonObject;
  outcome?: 'success' | 'fail';
  /** Metadata given when the event completed. */
  resultMeta?: JsonObject;
}

/** An auditor that remembers its events. */
export function createRecordingAuditor() {
  const events: AuditRecord[] = [];
  const auditor: AuditorService = {
    async createEvent(options) {
      const record: AuditRecord = {
        eventId: options.eventId,
        meta: options.meta,
      };
      events.push(record);
      return {
        async success(result) {
          record.outcome = 'success';
          record.resultMeta = result?.meta;
        },
        async fail() {
          record.outcome = 'fail';
        },
      };
    },
  };
  return { auditor, events };
}

/** A logger that records every line, to check what reaches the task log. */
export function createCapturingLogger() {
  const lines: string[] = [];
  const record =
    (level: string) => (message: string, meta?: Error | JsonObject) => {
      lines.push(
        `${level}: ${message}${meta ? ` ${JSON.stringify(meta)}` : ''}`,
      );
    };
  const logger: LoggerService = {
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    debug: record('debug'),
    child: () => logger,
  };
  return { logger, lines };
}

/**
 * An action context whose checkpoints persist in `store` like the task
 * database does: a second context sharing the store replays completed
 * checkpoints, as a recovered task would.
 */
export function createTestContext<TInput extends JsonObject>(
  input: TInput,
  options: {
    dryRun?: boolean;
    store?: Map<string, JsonValue | undefined>;
    /** The user who runs the task (ctx.user and the initiator credentials). */
    user?: string;
  } = {},
) {
  const { logger, lines } = createCapturingLogger();
  const outputs: Record<string, JsonValue> = {};
  const store = options.store ?? new Map<string, JsonValue | undefined>();
  const base = createMockActionContext<TInput>({
    input,
    logger: logger as any,
  });
  const ctx = {
    ...base,
    ...(options.user ? initiator(options.user) : {}),
    isDryRun: options.dryRun ?? false,
    output: (name: string, value: JsonValue) => {
      outputs[name] = value;
    },
    async checkpoint<T>(opts: {
      key: string;
      fn: () => Promise<T> | T;
    }): Promise<T> {
      if (store.has(opts.key)) return store.get(opts.key) as T;
      const value = await opts.fn();
      store.set(opts.key, value as JsonValue | undefined);
      return value;
    },
  };
  return { ctx: ctx as any, logs: lines, outputs, store };
}

/** A loopback URL where nothing listens, for connection-refused tests. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
