import { ProcessOutputTail } from '@internal/eks-platform-test-utils';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/*
 * Runs a command inside an image's file system the way a container runtime
 * would, without one: in a private mount namespace the image's root becomes
 * `/` (chroot), read-only, with this machine's /usr, /lib, /etc, /dev and
 * /proc bound read-only underneath (the base image's part), Node at
 * /usr/local (where the node images keep it), the writable paths (the pod's
 * emptyDir mounts) bound from fresh folders, and the process running as the
 * given uid/gid with no supplementary groups and no new privileges. The
 * network is this machine's: only loopback servers are used.
 */

export interface ContainerOptions {
  /** The image's `/` (a folder this process owns). */
  root: string;
  workdir: string;
  cmd: string[];
  env: Record<string, string>;
  uid: number;
  gid: number;
  /** Image paths mounted writable (each from a fresh folder). */
  writablePaths: string[];
  /** Folder holding bin/node (the base image's Node). */
  nodeDir: string;
  /** Extra /etc/hosts entries (name to address) inside the container. */
  hosts?: Record<string, string>;
}

const TOOLS = ['unshare', 'mount', 'chroot', 'setpriv'] as const;

/** util-linux and coreutils programs, wherever Debian puts them (/usr/sbin for chroot). */
function findTool(name: string): string | undefined {
  const dirs = [
    ...(process.env.PATH ?? '').split(':'),
    '/usr/sbin',
    '/sbin',
    '/usr/bin',
    '/bin',
  ];
  return dirs
    .filter(Boolean)
    .map(dir => path.join(dir, name))
    .find(file => fs.existsSync(file));
}

/** Why containers cannot run here, or undefined when they can. */
export function containerUnsupported(): string | undefined {
  if (process.getuid?.() !== 0)
    return 'needs root (mount namespace, chroot, setpriv)';
  const missing = TOOLS.filter(tool => !findTool(tool));
  if (missing.length) return `${missing.join(', ')} not found`;
  const probe = spawnSync(findTool('unshare')!, ['--mount', 'true']);
  if (probe.status !== 0)
    return `unshare --mount fails: ${String(probe.stderr || probe.error)}`;
  // setpriv runs inside the root, where only /usr, /bin, … are this machine's.
  if (!/^\/(usr\/)?s?bin\//.test(findTool('setpriv')!))
    return `setpriv is outside /usr and /bin: ${findTool('setpriv')}`;
  return undefined;
}

const HOST_READ_ONLY = ['usr', 'lib', 'lib64', 'bin', 'sbin', 'etc'];

export class ContainerProcess {
  private child?: ChildProcess;
  private readonly output = new ProcessOutputTail();
  readonly writableDirs: Record<string, string> = {};
  private readonly extraFiles: string[] = [];

  constructor(private readonly options: ContainerOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const { root, workdir, cmd, uid, gid, nodeDir } = this.options;
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const [unshare, mount, chroot, setpriv] = TOOLS.map(
      tool => findTool(tool)!,
    );
    const lines = [
      'set -e',
      `bind_ro() { ${mount} --bind "$1" "$2"; ${mount} -o remount,bind,ro "$2"; }`,
      `${mount} --bind ${q(root)} ${q(root)}`,
    ];
    for (const dir of HOST_READ_ONLY) {
      const host = `/${dir}`;
      if (!fs.existsSync(host)) continue;
      const real = fs.realpathSync(host);
      if (real !== host) continue; // merged /usr: a symlink, made below
      fs.mkdirSync(path.join(root, dir), { recursive: true });
      lines.push(`bind_ro ${host} ${q(path.join(root, dir))}`);
    }
    for (const dir of HOST_READ_ONLY) {
      const host = `/${dir}`;
      const target = path.join(root, dir);
      if (fs.existsSync(host) && fs.lstatSync(host).isSymbolicLink()) {
        if (!fs.existsSync(target))
          fs.symlinkSync(fs.readlinkSync(host), target);
      }
    }
    if (this.options.hosts) {
      // The container's own /etc/hosts: names resolve without asking the
      // machine's DNS server.
      const hostsFile = `${root}.hosts`;
      fs.writeFileSync(
        hostsFile,
        `${fs.readFileSync('/etc/hosts', 'utf8')}\n${Object.entries(
          this.options.hosts,
        )
          .map(([name, address]) => `${address} ${name}`)
          .join('\n')}\n`,
      );
      fs.chmodSync(hostsFile, 0o644);
      this.extraFiles.push(hostsFile);
      lines.push(
        `${mount} --bind ${q(hostsFile)} ${q(path.join(root, 'etc/hosts'))}`,
      );
    }
    fs.mkdirSync(path.join(root, 'usr/local'), { recursive: true });
    lines.push(`bind_ro ${q(nodeDir)} ${q(path.join(root, 'usr/local'))}`);
    for (const dir of ['dev', 'proc']) {
      fs.mkdirSync(path.join(root, dir), { recursive: true });
      lines.push(`${mount} --rbind /${dir} ${q(path.join(root, dir))}`);
    }
    for (const imagePath of this.options.writablePaths) {
      const host = fs.mkdtempSync(`${root}.${path.basename(imagePath)}-`);
      fs.chownSync(host, uid, gid);
      this.writableDirs[imagePath] = host;
      const target = path.join(root, imagePath);
      fs.mkdirSync(target, { recursive: true });
      lines.push(`${mount} --bind ${q(host)} ${q(target)}`);
    }
    lines.push(`${mount} -o remount,bind,ro ${q(root)}`);
    const inside = [workdir, ...cmd].map(q).join(' ');
    lines.push(
      `exec ${chroot} ${q(root)} ${setpriv} --reuid=${uid} --regid=${gid} ` +
        `--clear-groups --no-new-privs -- /bin/sh -c 'cd "$0" && exec "$@"' ${inside}`,
    );
    fs.chmodSync(root, 0o755);
    this.child = spawn(
      unshare,
      [
        '--mount',
        '--propagation',
        'private',
        '/bin/sh',
        '-c',
        lines.join('\n'),
      ],
      { env: this.options.env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.output.follow(this.child);
  }

  exited(): boolean {
    return (
      !this.child ||
      this.child.exitCode !== null ||
      this.child.signalCode !== null
    );
  }

  /** Resolves with the exit code once the process ends. */
  waitForExit(timeoutMs: number): Promise<number | null> {
    const child = this.child!;
    if (this.exited()) return Promise.resolve(child.exitCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`still running after ${timeoutMs} ms`)),
        timeoutMs,
      );
      child.once('exit', code => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  signal(name: NodeJS.Signals): void {
    this.child?.kill(name);
  }

  /** SIGKILL if still running, and the writable folders removed. */
  async stop(): Promise<void> {
    if (this.child && !this.exited()) {
      const exit = this.waitForExit(10_000);
      this.child.kill('SIGKILL');
      await exit;
    }
    for (const dir of [...Object.values(this.writableDirs), ...this.extraFiles])
      fs.rmSync(dir, { recursive: true, force: true });
  }

  logs(lines = 80): string {
    return this.output.lastLines(lines);
  }
}
