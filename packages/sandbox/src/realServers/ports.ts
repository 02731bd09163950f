import { spawnSync } from 'node:child_process';

/*
 * Synchronous loopback port helpers. The real servers start while jest
 * collects a test file (so the file can skip when they cannot start), where
 * nothing asynchronous can run: a short Node child does the socket work.
 */

function nodeEval(script: string, args: string[] = [], timeoutMs = 15_000) {
  return spawnSync(process.execPath, ['-e', script, ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
  });
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePortSync(): number {
  const r = nodeEval(
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
  );
  const port = Number(r.stdout);
  if (r.status !== 0 || !Number.isInteger(port) || port <= 0) {
    throw new Error(`could not find a free loopback port: ${r.stderr}`);
  }
  return port;
}

/** Waits until something accepts connections on 127.0.0.1:`port`; false after `timeoutMs`. */
export function waitForPortSync(port: number, timeoutMs: number): boolean {
  const r = nodeEval(
    `const net=require('net');const end=Date.now()+Number(process.argv[2]);
(function attempt(){const s=net.connect(Number(process.argv[1]),'127.0.0.1',()=>{s.destroy();process.exit(0)});
s.once('error',()=>{if(Date.now()>end)process.exit(1);setTimeout(attempt,100)})})()`,
    [String(port), String(timeoutMs)],
    timeoutMs + 10_000,
  );
  return r.status === 0;
}
