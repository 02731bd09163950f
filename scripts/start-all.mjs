#!/usr/bin/env node
// Starts the sandbox (simulated EKS clusters, Argo CD, Vault, GitHub, ECR,
// Jaeger, real Prometheus/Alertmanager when installed), waits until it
// answers, then starts the portal: backend on :7007, frontend on :3000.
// Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SANDBOX_STATUS_URL = 'http://127.0.0.1:7100/sandbox/status';
const log = msg => console.log(`[start-all] ${msg}`);
const children = [];

function run(name, args, { critical }) {
  // Children stay in this process group: Ctrl-C in a terminal, and
  // Playwright's SIGKILL of its web server's group, then reach everything
  // they spawned (webpack, the backend, Prometheus). Detached children would
  // outlive a killed start-all and keep its output pipe open.
  const child = spawn('yarn', args, { cwd: repoRoot, stdio: 'inherit' });
  children.push(child);
  child.on('exit', code => {
    log(`${name} exited with code ${code}`);
    // The portal still works (with upstreams marked as failing) without the
    // sandbox, so only the portal's exit ends the session.
    if (critical) shutdown(code ?? 0);
  });
  return child;
}

async function waitForSandbox(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(SANDBOX_STATUS_URL)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 500));
  }
  return false;
}

let stopping = false;
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  // yarn and backstage-cli pass SIGTERM on to the processes they started.
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

if (existsSync(join(repoRoot, 'packages/sandbox/src/cli.ts'))) {
  run('sandbox', ['start:sandbox'], { critical: false });
  if (await waitForSandbox(90_000)) log('sandbox is up');
  else log('sandbox did not answer within 90 s; starting the portal anyway');
} else {
  log(
    'no sandbox package found; the portal starts without simulated upstreams',
  );
}
run('portal', ['start:portal'], { critical: true });
