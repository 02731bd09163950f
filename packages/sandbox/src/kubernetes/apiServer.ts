import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { freePort, ManagedProcess, startProcess } from '../shared/process';
import { upstreamBinary } from '../upstreams';
import type { SandboxPki } from './pki';

/** A user of the token file: `token,user,uid,"group1,group2"` as kube-apiserver reads it. */
export interface StaticTokenUser {
  token: string;
  user: string;
  groups?: string[];
}

export interface ApiServerOptions {
  /** Cluster name: the etcd prefix and the log name. */
  name: string;
  etcdUrl: string;
  pki: SandboxPki;
  /** Bearer tokens the server accepts (`--token-auth-file`). */
  users: StaticTokenUser[];
  /** Folder for the token file and the server's own files. */
  dataDir: string;
  /**
   * How often the server compacts etcd (`--etcd-compaction-interval`,
   * default 5 min like upstream); 0 turns it off so tests compact by hand.
   */
  compactionIntervalSeconds?: number;
  /**
   * Resources served straight from etcd instead of the watch cache
   * (`--watch-cache-sizes=<resource>#0`), e.g. `pods`: an etcd compaction
   * then expires their old resourceVersions at once.
   */
  uncachedResources?: string[];
  timeoutMs?: number;
  /** Told when the server ends without stop(), with its last output lines. */
  onUnexpectedExit?: (message: string) => void;
}

/** A running kube-apiserver (the pinned `k8s.io/kubernetes` build). */
export interface ApiServer {
  name: string;
  /** `https://127.0.0.1:<port>`: the server itself, without the fault proxy. */
  url: string;
  port: number;
  version: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

function tokenFile(users: StaticTokenUser[]): string {
  for (const u of users) {
    if (!/^[A-Za-z0-9._~-]{16,}$/.test(u.token))
      throw new Error(
        `kube-apiserver token for ${u.user} must be 16+ URL-safe characters`,
      );
  }
  return users
    .map(u =>
      [
        u.token,
        u.user,
        u.user,
        ...(u.groups?.length ? [`"${u.groups.join(',')}"`] : []),
      ].join(','),
    )
    .join('\n')
    .concat('\n');
}

function probe(url: string, ca: string): Promise<boolean> {
  return new Promise(resolve => {
    const req = https.get(url, { ca, timeout: 1000 }, res => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** The flags of a single-node control plane on loopback, with EKS's service range. */
function flags(options: ApiServerOptions, port: number, tokens: string) {
  const { pki } = options;
  return [
    `--etcd-servers=${options.etcdUrl}`,
    // Several API servers share one etcd, each under its own prefix.
    `--etcd-prefix=/clusters/${options.name}/registry`,
    `--etcd-compaction-interval=${options.compactionIntervalSeconds ?? 300}s`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    // The `kubernetes` Service's endpoints would point at 127.0.0.1, which
    // Endpoints validation refuses; nothing in the sandbox needs them.
    '--endpoint-reconciler-type=none',
    `--secure-port=${port}`,
    `--cert-dir=${options.dataDir}`,
    `--tls-cert-file=${pki.serverCertFile}`,
    `--tls-private-key-file=${pki.serverKeyFile}`,
    `--client-ca-file=${pki.caCertFile}`,
    `--token-auth-file=${tokens}`,
    '--authorization-mode=RBAC',
    '--service-account-issuer=https://kubernetes.default.svc',
    `--service-account-key-file=${pki.serviceAccountPublicKeyFile}`,
    `--service-account-signing-key-file=${pki.serviceAccountKeyFile}`,
    // EKS's default service CIDR.
    '--service-cluster-ip-range=172.20.0.0/16',
    // The not-ready taint this plugin adds to new Nodes is lifted by the
    // node lifecycle controller, which the sandbox does not run.
    '--disable-admission-plugins=TaintNodesByCondition',
    '--profiling=false',
    ...(options.uncachedResources?.length
      ? [
          `--watch-cache-sizes=${options.uncachedResources
            .map(r => `${r}#0`)
            .join(',')}`,
        ]
      : []),
  ];
}

/** Starts kube-apiserver and resolves once `/readyz` answers. */
export async function startApiServer(
  options: ApiServerOptions,
): Promise<ApiServer> {
  const binary = upstreamBinary('kube-apiserver');
  fs.mkdirSync(options.dataDir, { recursive: true });
  const tokens = path.join(options.dataDir, 'tokens.csv');
  fs.writeFileSync(tokens, tokenFile(options.users), { mode: 0o600 });
  const port = await freePort();
  const url = `https://127.0.0.1:${port}`;
  const proc = startProcess(
    `kube-apiserver (${options.name})`,
    binary.path,
    flags(options, port, tokens),
    options.dataDir,
    {
      onUnexpectedExit: (reason, output) =>
        options.onUnexpectedExit?.(
          `kube-apiserver of cluster ${
            options.name
          } ended unexpectedly (${reason}); its last output:\n${output
            .split('\n')
            .slice(-15)
            .join('\n')}`,
        ),
    },
  );
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(
        `kube-apiserver for cluster ${options.name} exited (${
          proc.child.exitCode ?? proc.child.signalCode
        }) before it was ready:\n${proc.recentOutput()}`,
      );
    }
    if (await probe(`${url}/readyz`, options.pki.caPem)) break;
    if (Date.now() > deadline) {
      await proc.stop();
      throw new Error(
        `kube-apiserver for cluster ${
          options.name
        } was not ready after ${Math.round(
          (options.timeoutMs ?? 60_000) / 1000,
        )} s:\n${proc.recentOutput()}`,
      );
    }
    await new Promise(r => setTimeout(r, 100));
  }
  return {
    name: options.name,
    url,
    port,
    version: binary.version,
    process: proc,
    stop: () => proc.stop(),
  };
}
