// Debian packages that the test suite uses as *real* upstreams (PostgreSQL,
// Redis, Prometheus, Alertmanager) and as the end-to-end browser. The test
// command installs what is missing; the start command only reports it.
// No Go here: Debian's golang-go is 1.19 and its /usr/bin/go shadows the Go
// 1.26 that builds the pinned upstreams (Helm, kube-apiserver, …; see
// upstreams.mjs), which are not Debian packages.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const SYSTEM_PACKAGES = [
  {
    pkg: 'chromium',
    provides: ['/usr/bin/chromium'],
    purpose: 'end-to-end browser tests',
  },
  {
    pkg: 'postgresql',
    provides: ['/usr/lib/postgresql'],
    purpose: 'production database tests',
  },
  {
    pkg: 'redis-server',
    provides: ['/usr/bin/redis-server'],
    purpose: 'production cache tests',
  },
  {
    pkg: 'prometheus',
    provides: ['/usr/bin/prometheus'],
    purpose: 'metrics and alert rules',
  },
  {
    pkg: 'prometheus-alertmanager',
    provides: ['/usr/bin/prometheus-alertmanager'],
    purpose: 'alerts on the entity page',
  },
  {
    pkg: 'shellcheck',
    provides: ['/usr/bin/shellcheck'],
    purpose: 'scripts of the generated workflows',
  },
  {
    pkg: 'git',
    provides: ['/usr/bin/git'],
    purpose: 'GitHub simulator (git http-backend)',
  },
  {
    pkg: 'openssl',
    provides: ['/usr/bin/openssl'],
    purpose: "the sandbox clusters' CA and certificates",
  },
];

export function missingSystemPackages(names) {
  return SYSTEM_PACKAGES.filter(p => !names || names.includes(p.pkg)).filter(
    p => !p.provides.every(path => existsSync(path)),
  );
}

function canUseApt() {
  return (
    process.platform === 'linux' &&
    typeof process.getuid === 'function' &&
    process.getuid() === 0 &&
    spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0
  );
}

export function ensureSystemPackages(log, names) {
  const missing = missingSystemPackages(names);
  if (missing.length === 0) return [];
  const list = missing.map(p => p.pkg);
  if (!canUseApt()) {
    log(
      `Missing Debian packages (tests that need them will fail): ${list.join(
        ', ',
      )}`,
    );
    return list;
  }
  log(`Installing Debian packages: ${list.join(', ')}…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...list], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  // Debian starts these services on install; the tests start their own
  // instances on random loopback ports, so the system-wide ones only cost memory.
  for (const service of [
    'postgresql',
    'redis-server',
    'prometheus',
    'prometheus-alertmanager',
  ]) {
    spawnSync('service', [service, 'stop'], { stdio: 'ignore' });
  }
  return missingSystemPackages(names).map(p => p.pkg);
}
