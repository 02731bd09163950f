/** A real server (from Debian's packages) started on loopback for a test. */
export interface RealServer {
  name: string;
  port: number;
  /** Stops it and removes its files (synchronous; safe to call twice). */
  stop(): void;
}

/** Says why a real server cannot start on this machine (missing package, no runuser, …). */
export class RealServerUnavailableError extends Error {
  constructor(server: string, reason: string) {
    super(`${server} cannot start: ${reason}`);
    this.name = 'RealServerUnavailableError';
  }
}

/** The last lines of a tool's output, for a failure message. */
export function tail(text: string | Buffer | undefined, lines = 8): string {
  return String(text ?? '')
    .trim()
    .split('\n')
    .slice(-lines)
    .join('\n');
}
