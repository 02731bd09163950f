import { spawn } from 'node:child_process';

/** A git command that exited with a status the caller did not allow. */
export class GitCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args[0]} failed (exit ${exitCode}): ${stderr.trim()}`);
    this.name = 'GitCommandError';
  }
}

export interface RunGitOptions {
  /** Bytes written to the command's stdin. */
  input?: Buffer | string;
  /** Extra environment variables (e.g. GIT_INDEX_FILE, GIT_AUTHOR_NAME). */
  env?: Record<string, string>;
  /** Exit codes that count as success; default [0]. */
  okExitCodes?: number[];
}

export interface GitResult {
  stdout: Buffer;
  exitCode: number;
}

/**
 * Runs git against a bare repository. Every call gets a clean environment
 * apart from PATH so that the developer's global git config (signing, hooks,
 * templates) cannot change what the simulator stores.
 */
export function runGit(
  gitDir: string,
  args: string[],
  options: RunGitOptions = {},
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: gitDir,
        GIT_DIR: gitDir,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_TERMINAL_PROMPT: '0',
        LANG: 'C',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', chunk => out.push(chunk));
    child.stderr.on('data', chunk => err.push(chunk));
    child.on('error', reject);
    child.on('close', code => {
      const ok = options.okExitCodes ?? [0];
      if (code !== null && ok.includes(code)) {
        resolve({ stdout: Buffer.concat(out), exitCode: code });
      } else {
        reject(
          new GitCommandError(args, code, Buffer.concat(err).toString('utf8')),
        );
      }
    });
    child.stdin.on('error', () => {
      // git may exit before reading all input (e.g. on a bad object); the
      // exit status reports that, the EPIPE is noise.
    });
    child.stdin.end(options.input ?? '');
  });
}

/** `runGit` returning trimmed stdout text. */
export async function gitText(
  gitDir: string,
  args: string[],
  options: RunGitOptions = {},
): Promise<string> {
  const { stdout } = await runGit(gitDir, args, options);
  return stdout.toString('utf8').trim();
}
