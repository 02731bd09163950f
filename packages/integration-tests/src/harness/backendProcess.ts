import { ProcessOutputTail } from '@internal/eks-platform-test-utils';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { REPO_ROOT } from './platformConfig';

/** The portal's own backend entry point (packages/backend). */
export const PORTAL_BACKEND_ENTRY = path.join(
  REPO_ROOT,
  'packages/backend/src/index.ts',
);

/**
 * A backend running in its own process, from TypeScript sources through
 * Backstage's Node transform, as `backstage-cli package start` runs it:
 * killable like a crashed pod, and measurable without sharing an event loop
 * with the test or benchmark driving it.
 */
export class BackendProcess {
  private child?: ChildProcess;
  private readonly output = new ProcessOutputTail();

  constructor(
    private readonly configFiles: string[],
    readonly baseUrl: string,
    private readonly entry: string = PORTAL_BACKEND_ENTRY,
  ) {}

  static writeConfig(
    dir: string,
    config: object,
    name = 'app-config.yaml',
  ): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, yaml.stringify(config));
    return file;
  }

  async start(timeoutMs = 90_000): Promise<void> {
    this.child = spawn(
      process.execPath,
      [
        '-r',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        this.entry,
        ...this.configFiles.flatMap(file => ['--config', file]),
      ],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, NODE_ENV: 'development' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.output.follow(this.child);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child.exitCode !== null)
        throw new Error(`backend exited early:\n${this.logs()}`);
      try {
        const res = await fetch(
          `${this.baseUrl}/.backstage/health/v1/readiness`,
          { signal: AbortSignal.timeout(5000) },
        );
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(
          `backend not ready in ${timeoutMs} ms:\n${this.logs(
            /health\/v1\/readiness/,
          )}`,
        );
      await new Promise(r => setTimeout(r, 300));
    }
  }

  /** Kills the process without any chance to clean up, as a node failure would. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>(resolve => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** SIGTERM, and SIGKILL if it has not exited after `graceMs` (the pod's grace period). */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>(resolve => {
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  /** Whether the process printed `text` (within the output kept, the last 4000 chunks). */
  printed(text: string): boolean {
    return this.output.printed(text);
  }

  /** The last lines printed; those matching `exclude` (e.g. health polls) left out. */
  logs(exclude?: RegExp, lines = 80): string {
    return this.output.lastLines(lines, exclude);
  }
}
