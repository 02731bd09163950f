import { startKubernetesClusters, KubernetesClusters } from './clusters';
import { CrdSource } from './crds';
import { installOrder as order } from './installOrder';
import { KubeApiError, KubeClient, KubeObject } from './kubeClient';

/** The API server's verdict on one manifest. */
export interface AdmissionResult {
  /** `Kind namespace/name` of the manifest. */
  object: string;
  allowed: boolean;
  /** HTTP status of the dry-run create (201 when allowed). */
  status: number;
  /** The server's message when refused (`spec.foo: Invalid value …`). */
  message?: string;
}

export interface AdmissionServer {
  /** Kubernetes version of the admitting server. */
  version: string;
  /**
   * Creates every manifest with server-side dry-run (`dryRun=All`,
   * `fieldValidation=Strict`), in Helm's install order, so the API server
   * itself defaults, validates (schemas of the CRDs included) and runs
   * admission on each. Nothing stays behind but namespaces: the set's
   * ServiceAccounts exist for real only while its pods are admitted.
   */
  admit(
    manifests: KubeObject[],
    options?: { namespace?: string },
  ): Promise<AdmissionResult[]>;
  close(): Promise<void>;
}

const describe = (m: KubeObject) =>
  `${m?.kind ?? '?'} ${
    m?.metadata?.namespace ? `${m.metadata.namespace}/` : ''
  }${m?.metadata?.name ?? '?'}`;

async function ensure(client: KubeClient, object: KubeObject) {
  await client.create(object).catch(error => {
    if (!(error instanceof KubeApiError && error.status === 409)) throw error;
  });
}

async function admitOne(
  client: KubeClient,
  manifest: KubeObject,
  namespace: string,
  created: KubeObject[],
): Promise<AdmissionResult> {
  const object = describe(manifest);
  if (
    typeof manifest?.apiVersion !== 'string' ||
    typeof manifest?.kind !== 'string' ||
    typeof manifest?.metadata?.name !== 'string'
  ) {
    return {
      object,
      allowed: false,
      status: 400,
      message: 'a manifest needs apiVersion, kind and metadata.name',
    };
  }
  try {
    const resource = await client.resource(manifest.apiVersion, manifest.kind);
    const ns = resource.namespaced
      ? manifest.metadata.namespace ?? namespace
      : undefined;
    if (ns) {
      await ensure(client, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns },
      });
      // What the service account controller would have created.
      await ensure(client, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'default', namespace: ns },
      });
    }
    const body = {
      ...manifest,
      metadata: { ...manifest.metadata, ...(ns ? { namespace: ns } : {}) },
    };
    await client.create(body, { dryRun: 'All', fieldValidation: 'Strict' });
    if (manifest.kind === 'ServiceAccount') {
      // Pods of the same release refer to it, as after a real install; it
      // is deleted again once the whole set is admitted.
      await client.create(body);
      created.push(body);
    }
    return { object: describe(body), allowed: true, status: 201 };
  } catch (error) {
    if (!(error instanceof KubeApiError)) throw error;
    const ns = manifest.metadata.namespace ?? namespace;
    return {
      object: describe({
        ...manifest,
        metadata: { ...manifest.metadata, namespace: ns },
      }),
      allowed: false,
      status: error.status,
      message: error.body?.message ?? error.message,
    };
  }
}

/**
 * A real kube-apiserver (with etcd) that admits manifests: the CRDs of
 * `crds` are installed from their pinned upstream YAML (default: the
 * monitoring, Istio and Argo CD CRDs).
 */
export async function startAdmissionServer(
  options: { crds?: CrdSource[]; log?: (message: string) => void } = {},
): Promise<AdmissionServer> {
  const kube: KubernetesClusters = await startKubernetesClusters({
    clusters: [{ name: 'admission' }],
    crds: options.crds ?? ['monitoring', 'istio', 'argocd'],
    log: options.log,
  });
  const cluster = kube.clusters.admission;
  return {
    version: cluster.version,
    async admit(manifests, admitOptions = {}) {
      const namespace = admitOptions.namespace ?? 'default';
      const sorted = manifests
        .map((manifest, index) => ({ manifest, index }))
        .sort(
          (a, b) =>
            order(a.manifest?.kind) - order(b.manifest?.kind) ||
            a.index - b.index,
        );
      const results: AdmissionResult[] = new Array(manifests.length);
      const created: KubeObject[] = [];
      try {
        for (const { manifest, index } of sorted) {
          results[index] = await admitOne(
            cluster.adminClient,
            manifest,
            namespace,
            created,
          );
        }
      } finally {
        // Each call starts from the same state.
        for (const object of created) await cluster.adminClient.remove(object);
      }
      return results;
    },
    close: kube.close,
  };
}
