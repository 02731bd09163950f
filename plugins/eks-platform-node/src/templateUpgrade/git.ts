import { execFile } from 'node:child_process';

/** What a git command printed, and its exit code (merge-file reports conflicts by it). */
export interface GitResult {
  stdout: string;
  code: number;
}

/**
 * Runs the machine's git with no user or system configuration, no prompts
 * and no pager, so a template upgrade behaves the same on every backend
 * host. Exit codes listed in `okCodes` are returned instead of thrown
 * (`git merge-file` exits with the number of conflicts).
 */
export function runGit(
  args: string[],
  options: {
    cwd?: string;
    input?: string;
    okCodes?: number[];
    /** Extra environment, e.g. GIT_CONFIG_* carrying an auth header (never argv). */
    env?: Record<string, string>;
  } = {},
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      {
        cwd: options.cwd,
        maxBuffer: 256 * 1024 * 1024,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? '/tmp',
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
          GIT_TERMINAL_PROMPT: '0',
          GIT_AUTHOR_NAME: 'EKS Platform',
          GIT_AUTHOR_EMAIL: 'platform@example.com',
          GIT_COMMITTER_NAME: 'EKS Platform',
          GIT_COMMITTER_EMAIL: 'platform@example.com',
          GIT_AUTHOR_DATE: '2000-01-01T00:00:00Z',
          GIT_COMMITTER_DATE: '2000-01-01T00:00:00Z',
          LC_ALL: 'C',
          ...options.env,
        },
      },
      (error, stdout, stderr) => {
        let code = 0;
        if (error) {
          const errorCode = (error as any).code;
          code = typeof errorCode === 'number' ? errorCode : -1;
        }
        if (code === 0 || options.okCodes?.includes(code)) {
          resolve({ stdout, code });
          return;
        }
        reject(
          new Error(
            `git ${args[0]} failed (exit ${code}): ${String(stderr).trim()}`,
          ),
        );
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
