import { isError } from '@backstage/errors';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';

/**
 * Absolute server paths (`/work/…/node_modules/x.js`, `/tmp/…`): they say
 * nothing to the person reading the task and tell an attacker where the
 * backend lives. A URL's path is kept: it follows a host name.
 */
const SERVER_PATH = /(?<![\w.:/-])\/(?:[\w.@+-]+\/)+[\w.@+-]*/g;

/** `text` with every absolute server path replaced by `<server path>`. */
export function redactServerPaths(text: string): string {
  return text.replace(SERVER_PATH, '<server path>');
}

/**
 * Why the steps after a failed one show as not run: the task page only
 * greys them out, and a newcomer reads that as "skipped for no reason".
 */
export const LATER_STEPS_NOT_RUN =
  'The steps after this one did not run: each builds on what the steps before it made.';

/** How to continue after any failed step: every step of the golden path is idempotent. */
export const HOW_TO_CONTINUE =
  'To continue, fix what the message names and run the template again (Start Over on the task page keeps your values): steps that already finished are found and not repeated.';

/** Names what earlier steps of the run created, from the failed step's input. */
export type DescribeExisting = (input: Record<string, unknown>) => string[];

/**
 * The error the task page shows for a failed `eks:*` step: the same class
 * (so an API answers the same status), its message with server paths
 * redacted and followed by what already exists, why the later steps did
 * not run and how to continue, and a
 * `stack` that is that one sentence: the scaffolder writes `err.stack` into
 * the task log, where frames of server files do not belong.
 */
export function plainError(error: unknown, existing: string[] = []): Error {
  // By shape, not instanceof: Node's own errors (fs, net) may come from
  // another realm (e.g. under jest), and would read "Error: Error: …".
  const original: Error = isError(error)
    ? (error as Error)
    : new Error(String(error ?? 'Unknown error'));
  let message = redactServerPaths(original.message).trim();
  if (!/[.!?]$/.test(message)) message += '.';
  if (existing.length > 0) {
    message += ` Already created and kept: ${existing.join('; ')}.`;
  }
  message += ` ${LATER_STEPS_NOT_RUN} ${HOW_TO_CONTINUE}`;
  const plain = Object.create(Object.getPrototypeOf(original)) as Error;
  Object.assign(plain, original);
  Object.defineProperty(plain, 'message', {
    value: message,
    enumerable: false,
    writable: true,
    configurable: true,
  });
  Object.defineProperty(plain, 'stack', {
    value: `${original.name}: ${message}`,
    enumerable: false,
    writable: true,
    configurable: true,
  });
  // The cause keeps the original frames for the backend's own log only if
  // someone logs it on purpose; the task log never reads it.
  return plain;
}

/**
 * The action with a handler whose failures read as one plain paragraph
 * (see plainError). Cancellation passes through untouched.
 */
export function withPlainErrors<T extends TemplateAction<any, any, any>>(
  action: T,
  describeExisting?: DescribeExisting,
): T {
  return {
    ...action,
    async handler(ctx: Parameters<T['handler']>[0]) {
      try {
        return await action.handler(ctx);
      } catch (error) {
        if (ctx.signal?.aborted) throw error;
        let existing: string[] = [];
        try {
          existing = describeExisting?.(ctx.input ?? {}) ?? [];
        } catch {
          existing = [];
        }
        throw plainError(error, existing);
      }
    },
  };
}
