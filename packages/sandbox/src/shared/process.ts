import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';

/** A child process whose recent output is kept to explain failures. */
export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Last lines the process wrote (stdout and stderr). */
  recentOutput(): string;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Children must not outlive the sandbox, even when it exits without stop(). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/*
 * The exit hook above does not run when this process is killed with SIGKILL
 * (a jest worker past its timeout, `kill -9`, an OOM kill). A tiny shell
 * watchdog in its own process group holds the read end of a pipe from this
 * process; the kernel closes the pipe whatever way this process dies, the
 * watchdog reads EOF and ends the children it was told about. Pids of
 * children that exit normally are withdrawn so a reused pid is never hit.
 */
const WATCHDOG_SCRIPT = `
pids=" "
while read -r line; do
  case "$line" in
    -*) pids=$(printf '%s' "$pids" | sed "s/ \${line#-} / /") ;;
    *) pids="$pids$line " ;;
  esac
done
[ -n "\${pids# }" ] || exit 0
kill -TERM $pids 2>/dev/null
sleep 3
kill -KILL $pids 2>/dev/null
exit 0`;

let watchdog: ChildProcess | undefined;

function tellWatchdog(line: string): void {
  if (!watchdog) {
    watchdog = spawn('sh', ['-c', WATCHDOG_SCRIPT], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    watchdog.on('error', () => {
      watchdog = undefined;
    });
    // Neither the watchdog nor its pipe may keep this process alive.
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void })?.unref?.();
    watchdog.stdin?.on('error', () => {});
  }
  watchdog.stdin?.write(`${line}\n`);
}

export function startProcess(
  name: string,
  binary: string,
  args: string[],
  cwd: string,
  options: {
    /** Called when the process ends without stop() (a crash, a kill from outside). */
    onUnexpectedExit?: (reason: string, recentOutput: string) => void;
  } = {},
): ManagedProcess {
  let stopping = false;
  installExitHook();
  const child = spawn(binary, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  if (child.pid) tellWatchdog(String(child.pid));
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>(resolve => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      if (child.pid) tellWatchdog(`-${child.pid}`);
      if (!stopping) {
        options.onUnexpectedExit?.(
          signal ? `killed by ${signal}` : `exit code ${code}`,
          lines.join('\n'),
        );
      }
      resolve();
    });
    child.once('error', error => {
      lines.push(`failed to start ${binary}: ${error.message}`);
      running.delete(child);
      resolve();
    });
  });
  return {
    name,
    child,
    recentOutput: () => lines.join('\n'),
    async stop(graceMs = 5000) {
      stopping = true;
      if (
        child.exitCode !== null ||
        child.signalCode !== null ||
        !running.has(child)
      ) {
        await exited;
        return;
      }
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A free loopback port (the binaries need an explicit port, unlike Node's listen(0)). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200, the process dies, or the timeout passes. */
export async function waitUntilReady(
  url: string,
  proc: ManagedProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(
        `${proc.name} exited (code ${
          proc.child.exitCode ?? proc.child.signalCode
        }) before it was ready:\n${proc.recentOutput()}`,
      );
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(
    `${
      proc.name
    } was not ready at ${url} after ${timeoutMs} ms:\n${proc.recentOutput()}`,
  );
}
