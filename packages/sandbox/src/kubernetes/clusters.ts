import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repositoryRoot } from '../upstreams';
import { ApiServer, startApiServer } from './apiServer';
import { CrdSource, crdDocuments, installCrds } from './crds';
import { EtcdServer, startEtcd } from './etcd';
import { ClusterFaults } from './faults';
import { FaultProxy, ProxiedRequest, startFaultProxy } from './faultProxy';
import { KubeClient } from './kubeClient';
import { ensureSandboxPki, SandboxPki } from './pki';
import { SANDBOX_USERS, sandboxRbacObjects } from './rbac';

/** The portal's read-only bearer token of every sandbox cluster (app-config.yaml). */
export const DEFAULT_KUBE_TOKEN = 'sandbox-kube-token';

export interface KubernetesClusterSpec {
  name: string;
  /** Port of the cluster's URL (the fault proxy); 0 or absent: a free port. */
  port?: number;
}

export interface KubernetesClustersOptions {
  clusters: KubernetesClusterSpec[];
  /** The portal's read-only token (default `sandbox-kube-token`). */
  readerToken?: string;
  /** CRDs installed in every cluster (default: the monitoring CRDs). */
  crds?: CrdSource[];
  /** `--etcd-compaction-interval` in seconds (default 300; 0: tests compact by hand). */
  compactionIntervalSeconds?: number;
  /** Resources served from etcd instead of the watch cache, e.g. `['pods']`. */
  uncachedResources?: string[];
  /** Where the CA and keys are kept (default `<repo>/.cache/sandbox/pki`). */
  pkiDir?: string;
  /** Random source of the proxies' failure rate. */
  random?: () => number;
  log?: (message: string) => void;
}

/** One sandbox EKS cluster: a real kube-apiserver behind a fault proxy. */
export interface KubernetesCluster {
  name: string;
  /** What clients use: the fault proxy, `https://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** The API server itself, past the fault proxy (the workload writes here). */
  apiServerUrl: string;
  /** Kubernetes version of the server, e.g. `v1.37.2`. */
  version: string;
  /** The kube-apiserver process (memory figures). */
  apiServerPid?: number;
  /** The CA as Backstage's `caData` wants it (base64 of the PEM). */
  caData: string;
  caPem: string;
  /** The portal's read-only token. */
  token: string;
  /**
   * reader: the portal's; writer: the workload simulator's; admin:
   * everything; argocd: Argo CD's application controller (argocd-manager).
   */
  tokens: { reader: string; writer: string; admin: string; argocd: string };
  /** Writes as the workload simulator, straight to the API server. */
  client: KubeClient;
  /** Everything allowed (system:masters), straight to the API server. */
  adminClient: KubeClient;
  /** Requests through the proxy per `METHOD path`, kept across stop()/start(). */
  requestCounts: Map<string, number>;
  /** The last 2,000 requests through the proxy, with their query strings. */
  requests: ProxiedRequest[];
  /** Requests through the proxy still open (answers in progress, watches, hung requests). */
  openRequests(): number;
  faults(): ClusterFaults;
  /** Changes some faults (see ClusterFaults); throws with what to fix. */
  setFaults(faults: Partial<ClusterFaults>): void;
  setLatency(ms: number): void;
  setFailureRate(rate: number): void;
  setHang(hang: boolean): void;
  readonly running: boolean;
  /** The cluster becomes unreachable: the proxy stops listening, open watches end. */
  stop(): Promise<void>;
  /** Reachable again on the same port, with the same state. */
  start(): Promise<void>;
}

export interface KubernetesClusters {
  clusters: Record<string, KubernetesCluster>;
  /** The etcd all clusters share (one key prefix each). */
  etcd: EtcdServer;
  pki: SandboxPki;
  /** Stops the proxies, the API servers and etcd, and deletes their data. */
  close(): Promise<void>;
}

const token = () => randomBytes(24).toString('base64url');

function defaultPkiDir(): string {
  return path.join(repositoryRoot(), '.cache', 'sandbox', 'pki');
}

/**
 * The file `app-config.yaml` includes as the clusters' `caData`
 * (`$file: .cache/sandbox/kubernetes-ca-data.txt`).
 */
export function writeCaDataFile(pki: SandboxPki): string {
  const file = path.join(
    repositoryRoot(),
    '.cache',
    'sandbox',
    'kubernetes-ca-data.txt',
  );
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== pki.caData) {
    fs.writeFileSync(file, pki.caData);
  }
  return file;
}

/**
 * The sandbox CA (made once per checkout) and the caData file app-config.yaml
 * includes, without starting a cluster. Loading a config whose `$file` is
 * missing fails, so whatever reads app-config.yaml before the first sandbox
 * start (npm test's stages, tests that load the sandbox profile) calls this
 * first. Returns the file's path.
 */
export function ensureCaDataFile(pkiDir: string = defaultPkiDir()): string {
  return writeCaDataFile(ensureSandboxPki(pkiDir));
}

async function bootstrap(
  admin: KubeClient,
  crds: ReturnType<typeof crdDocuments>,
) {
  await Promise.all(sandboxRbacObjects().map(o => admin.create(o)));
  if (crds.length) await installCrds(admin, crds);
}

/**
 * Starts one etcd and, in parallel, a kube-apiserver per cluster (each
 * under its own etcd prefix), each behind a TLS fault proxy on loopback,
 * with RBAC on: the portal's token reads, the workload's token writes.
 */
export async function startKubernetesClusters(
  options: KubernetesClustersOptions,
): Promise<KubernetesClusters> {
  const log = options.log ?? (() => {});
  const pki = ensureSandboxPki(options.pkiDir ?? defaultPkiDir());
  const crds = crdDocuments(options.crds ?? ['monitoring']);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eks-sandbox-kube-'));
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const startedAt = Date.now();
    const etcd = await startEtcd({
      dataDir: path.join(dataDir, 'etcd'),
      onUnexpectedExit: log,
    });
    closers.push(() => etcd.stop());
    const started: Record<string, KubernetesCluster> = {};
    const results = await Promise.allSettled(
      options.clusters.map(async spec => {
        const tokens = {
          reader: options.readerToken ?? DEFAULT_KUBE_TOKEN,
          writer: token(),
          admin: token(),
          argocd: token(),
        };
        let server: ApiServer | undefined;
        try {
          server = await startApiServer({
            name: spec.name,
            etcdUrl: etcd.url,
            pki,
            dataDir: path.join(dataDir, spec.name),
            users: [
              { token: tokens.reader, user: SANDBOX_USERS.portal },
              { token: tokens.writer, user: SANDBOX_USERS.workload },
              {
                token: tokens.admin,
                user: SANDBOX_USERS.admin,
                groups: ['system:masters'],
              },
              { token: tokens.argocd, user: SANDBOX_USERS.argocd },
            ],
            compactionIntervalSeconds: options.compactionIntervalSeconds,
            uncachedResources: options.uncachedResources,
            onUnexpectedExit: message => log(message),
          });
        } finally {
          if (server) closers.push(server.stop);
        }
        const client = new KubeClient({
          url: server.url,
          token: tokens.writer,
          ca: pki.caPem,
          maxSockets: 32,
        });
        const adminClient = new KubeClient({
          url: server.url,
          token: tokens.admin,
          ca: pki.caPem,
        });
        closers.push(async () => {
          client.close();
          adminClient.close();
        });
        await bootstrap(adminClient, crds);
        const proxy: FaultProxy = await startFaultProxy({
          name: spec.name,
          upstreamUrl: server.url,
          ca: pki.caPem,
          cert: pki.serverCertPem,
          key: pki.serverKeyPem,
          port: spec.port,
          random: options.random,
        });
        closers.push(proxy.close);
        started[spec.name] = {
          name: spec.name,
          url: proxy.url,
          port: proxy.port,
          apiServerUrl: server.url,
          version: server.version,
          apiServerPid: server.process.child.pid,
          caData: pki.caData,
          caPem: pki.caPem,
          token: tokens.reader,
          tokens,
          client,
          adminClient,
          requestCounts: proxy.requestCounts,
          requests: proxy.requests,
          openRequests: proxy.openRequests,
          faults: proxy.faults,
          setFaults: proxy.setFaults,
          setLatency: latencyMs => proxy.setFaults({ latencyMs }),
          setFailureRate: failureRate => proxy.setFaults({ failureRate }),
          setHang: hang => proxy.setFaults({ hang }),
          get running() {
            return proxy.running;
          },
          stop: proxy.stop,
          start: proxy.start,
        };
      }),
    );
    const failed = results.find(r => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    // In the order asked for, whichever server was ready first.
    const clusters = Object.fromEntries(
      options.clusters.map(spec => [spec.name, started[spec.name]]),
    );
    log(
      `Kubernetes: ${options.clusters.length} kube-apiserver ${
        Object.values(clusters)[0]?.version
      } with etcd ${etcd.version} ready in ${(
        (Date.now() - startedAt) /
        1000
      ).toFixed(1)} s`,
    );
    return { clusters, etcd, pki, close };
  } catch (error) {
    await close();
    throw error;
  }
}
