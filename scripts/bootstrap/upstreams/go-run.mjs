// Runs one `go` step of a build, with a heartbeat while it runs (a cold
// kube-apiserver build takes many minutes on 2 cores) and the tail of its
// output for the failure message.
import { spawn } from 'node:child_process';

export function formatDuration(ms) {
  const s = Math.round(ms / 1000);
  return s < 60
    ? `${s}s`
    : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/**
 * `go <args>` in `cwd`. With `-v`, Go prints each package it compiles on
 * stderr; the heartbeat counts them. Resolves to { status, output, stdout }:
 * output is the last lines Go printed (both streams), stdout all of stdout.
 */
export function runGo(
  goPath,
  args,
  { cwd, env, log, label, heartbeatMs = 30_000 },
) {
  return new Promise(resolve => {
    const started = Date.now();
    const tail = [];
    let lines = 0;
    let partial = '';
    const stdout = [];
    const child = spawn(goPath, args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = chunk => {
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop();
      for (const line of parts) {
        lines += 1;
        tail.push(line);
        if (tail.length > 200) tail.shift();
      }
    };
    child.stdout.on('data', chunk => {
      stdout.push(chunk);
      collect(chunk);
    });
    child.stderr.on('data', collect);
    const timer = setInterval(() => {
      log(
        `${label}: still running (${formatDuration(
          Date.now() - started,
        )}, ${lines} lines of output so far, mostly packages compiled)`,
      );
    }, heartbeatMs);
    const finish = (status, extra) => {
      clearInterval(timer);
      if (partial) tail.push(partial);
      if (extra) tail.push(extra);
      resolve({
        status,
        output: tail.join('\n'),
        stdout: Buffer.concat(stdout).toString('utf8'),
        seconds: (Date.now() - started) / 1000,
      });
    };
    child.on('error', error =>
      finish(null, `could not run ${goPath}: ${error.message}`),
    );
    child.on('close', code => finish(code));
  });
}
