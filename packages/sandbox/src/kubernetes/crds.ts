import fs from 'node:fs';
import yaml from 'yaml';
import { upstreamFiles } from '../upstreams';
import { KubeApiError, KubeClient, KubeObject } from './kubeClient';

/**
 * CustomResourceDefinitions the sandbox and the chart admission install,
 * each from its upstream project's own YAML at the version pinned in
 * tools/upstreams/pins.json (fetched by the bootstrap, never rewritten here).
 */
export const CRD_SOURCES = {
  /** ServiceMonitor, PrometheusRule (prometheus-operator). */
  monitoring: 'prometheus-operator-crds',
  /** networking.istio.io, security.istio.io, telemetry.istio.io, extensions.istio.io (istio.io/api). */
  istio: 'istio-crds',
  /** Application, AppProject (Argo CD). */
  argocd: 'argocd-crds',
} as const;

export type CrdSource = keyof typeof CRD_SOURCES;

/** The CustomResourceDefinition documents of the pinned upstream files. */
export function crdDocuments(sources: CrdSource[]): KubeObject[] {
  const docs: KubeObject[] = [];
  for (const source of sources) {
    for (const file of upstreamFiles(CRD_SOURCES[source]).files) {
      for (const doc of yaml.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
        const object = doc.toJS();
        if (object?.kind === 'CustomResourceDefinition') docs.push(object);
      }
    }
  }
  return docs;
}

async function established(client: KubeClient, name: string): Promise<boolean> {
  const crd = await client.get(
    'apiextensions.k8s.io/v1',
    'CustomResourceDefinition',
    undefined,
    name,
  );
  return (crd.status?.conditions ?? []).some(
    (c: any) => c.type === 'Established' && c.status === 'True',
  );
}

/**
 * Creates the CRDs (existing ones are left as they are) and waits until
 * the server serves every one of them.
 */
export async function installCrds(
  client: KubeClient,
  crds: KubeObject[],
  timeoutMs = 30_000,
): Promise<void> {
  await Promise.all(
    crds.map(crd =>
      client.create(crd).catch(error => {
        if (!(error instanceof KubeApiError && error.status === 409))
          throw error;
      }),
    ),
  );
  const deadline = Date.now() + timeoutMs;
  for (const crd of crds) {
    while (!(await established(client, crd.metadata.name))) {
      if (Date.now() > deadline) {
        throw new Error(
          `CustomResourceDefinition ${crd.metadata.name} was not established within ${timeoutMs} ms`,
        );
      }
      await new Promise(r => setTimeout(r, 100));
    }
  }
}
