import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../logger';
import {
  CredentialsFormatError,
  type DatabaseCredentials,
  parseCredentials,
  sameCredentials,
} from './credentials';

export interface CredentialsFileOptions {
  file: string;
  logger: Logger;
  /** Re-read interval when file events are unavailable (and as a slow safety net). */
  pollMs: number;
  /** 'watch' (default) uses file events with polling as the fallback; 'poll' only polls. */
  mode?: 'watch' | 'poll';
}

export type CredentialsListener = (credentials: DatabaseCredentials) => void;

/** The credentials in the file, kept current while the file changes. */
export interface CredentialsSource {
  /** The last valid credentials, or undefined while none were ever read. */
  current(): DatabaseCredentials | undefined;
  /** Called with each new, valid set of credentials (never with the same set twice). */
  onChange(listener: CredentialsListener): void;
  /** Resolves once the file was read again and any change applied. */
  reload(): Promise<void>;
  close(): void;
}

/** Events come in bursts (write, rename); one read after the burst is enough. */
const DEBOUNCE_MS = 50;
/** With working file events, still re-read now and then: inotify can drop events. */
const SAFETY_POLL_FACTOR = 12;

/**
 * Watches the credentials file the Vault agent renders. The agent replaces
 * the file atomically (write a temporary file, rename it over the old one),
 * which changes the inode, so the directory is watched, not the file; any
 * event in it triggers a re-read, and the content decides whether anything
 * changed. A missing, half-written or invalid file keeps the credentials in
 * use and logs a warning that names the problem, never the content.
 */
export async function watchCredentialsFile(
  options: CredentialsFileOptions,
): Promise<CredentialsSource> {
  const { file, logger } = options;
  let current: DatabaseCredentials | undefined;
  const listeners: CredentialsListener[] = [];
  let lastProblem: string | undefined;
  let closed = false;

  const warnOnce = (problem: string) => {
    // A file that stays broken is reported once per distinct problem, not on every poll.
    if (problem !== lastProblem) {
      lastProblem = problem;
      logger.warn(problem, { file });
    }
  };

  // Past its expiry the database drops the user: say so while nothing newer comes.
  const warnIfExpired = (credentials: DatabaseCredentials) => {
    if (credentials.expiresAt && credentials.expiresAt.getTime() <= Date.now()) {
      warnOnce(
        `database credentials expired at ${credentials.expiresAt.toISOString()} and the Vault agent rendered none newer; is the agent running and allowed to renew?`,
      );
    } else {
      lastProblem = undefined;
    }
  };

  const readOnce = async () => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      warnOnce(
        current
          ? `database credentials file unreadable (${code}); keeping the credentials in use`
          : `database credentials file unreadable (${code}); no database connections until the Vault agent renders it`,
      );
      return;
    }
    let next: DatabaseCredentials;
    try {
      next = parseCredentials(text);
    } catch (error) {
      if (!(error instanceof CredentialsFormatError)) {
        throw error;
      }
      warnOnce(
        current
          ? `database credentials file refused: ${error.message}; keeping the credentials in use`
          : `database credentials file refused: ${error.message}; no database connections until it is valid`,
      );
      return;
    }
    if (current && sameCredentials(current, next)) {
      // A renewal re-renders the same user with a later expiry: no new pool.
      current = next;
      warnIfExpired(next);
      return;
    }
    const rotated = current !== undefined;
    current = next;
    logger.info(rotated ? 'database credentials rotated' : 'database credentials loaded', {
      username: next.username,
      expiresAt: next.expiresAt?.toISOString(),
    });
    warnIfExpired(next);
    for (const listener of listeners) {
      listener(next);
    }
  };

  // One read at a time; a request during a read runs once more afterwards.
  let running: Promise<void> | undefined;
  let again = false;
  const reload = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await readOnce();
      } while (again && !closed);
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  let debounce: NodeJS.Timeout | undefined;
  const scheduleReload = () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => void reload(), DEBOUNCE_MS);
    debounce.unref();
  };

  let poller: NodeJS.Timeout | undefined;
  const poll = (intervalMs: number) => {
    clearInterval(poller);
    poller = setInterval(() => void reload(), intervalMs);
    poller.unref();
  };

  let watcher: FSWatcher | undefined;
  const fallBackToPolling = (reason: string) => {
    watcher?.close();
    watcher = undefined;
    logger.warn('file events unavailable for the database credentials; polling instead', {
      file,
      reason,
      pollMs: options.pollMs,
    });
    poll(options.pollMs);
  };

  await reload();
  if (options.mode === 'poll') {
    poll(options.pollMs);
  } else {
    try {
      watcher = watch(dirname(file), { persistent: false }, scheduleReload);
      watcher.on('error', (error) => fallBackToPolling(error.message));
      poll(options.pollMs * SAFETY_POLL_FACTOR);
    } catch (error) {
      fallBackToPolling((error as Error).message);
    }
  }

  return {
    current: () => current,
    onChange: (listener) => {
      listeners.push(listener);
    },
    reload,
    close: () => {
      closed = true;
      clearTimeout(debounce);
      clearInterval(poller);
      watcher?.close();
    },
  };
}
