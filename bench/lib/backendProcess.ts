import { fork } from 'node:child_process';
import path from 'node:path';

export interface BackendProcess {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts lib/backend-child.ts in a child process and waits for its port. */
export async function startBackendProcess(options: {
  config: Record<string, unknown>;
  entities: any[];
  withKubernetesBackend: boolean;
}): Promise<BackendProcess> {
  const child = fork(path.join(__dirname, 'backend-child.ts'), [], {
    execArgv: [
      '--expose-gc',
      // BENCH_PROFILE_DIR=<dir>: CPU profile of the backend process.
      ...(process.env.BENCH_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
        : []),
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    ],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    // The TS loader also talks over IPC (`{ type: 'watch' }`): only our replies count.
    child.on('message', (m: any) => {
      if (m?.port) resolve(m.port);
      else if (m?.error)
        reject(new Error(`backend process failed: ${m.error}`));
    });
    child.once('exit', code =>
      reject(new Error(`backend process exited with ${code}`)),
    );
    child.send(options);
  });
  return {
    baseUrl: `http://127.0.0.1:${port}/api`,
    stop: () =>
      new Promise(resolve => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send('stop');
      }),
  };
}
