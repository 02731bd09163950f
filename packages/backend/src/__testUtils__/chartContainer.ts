import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from './repoConfig';

/*
 * What the portal's chart gives its backend container, read from the
 * manifests Argo CD applies (deploy/portal/rendered/<env>.yaml): the
 * environment (the ConfigMap it loads plus its own variables), the user it
 * runs as, whether the root file system is read-only and which paths are
 * writable (its emptyDir mounts), its ports and readiness path.
 */

interface K8sObject {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: any;
}

export interface ChartContainer {
  env: Record<string, string>;
  runAsUser: number;
  runAsGroup: number;
  readOnlyRootFilesystem: boolean;
  /** Mount paths of emptyDir volumes: the only writable paths. */
  writablePaths: string[];
  /** The emptyDir sizeLimit of each writable path, in bytes (kubelet evicts above). */
  writableLimits: Record<string, number>;
  ports: Record<string, number>;
  readinessPath: string;
  terminationGracePeriodSeconds: number;
}

export function readChartContainer(
  environment: string,
  podName = 'backstage-0',
): ChartContainer {
  const file = path.join(
    REPO_ROOT,
    'deploy/portal/rendered',
    `${environment}.yaml`,
  );
  const objects = parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(d => d.toJS() as K8sObject)
    .filter(Boolean);
  const deployment = objects.find(o => o.kind === 'Deployment');
  if (!deployment) throw new Error(`${file} has no Deployment`);
  const pod = deployment.spec.template.spec;
  const container = pod.containers.find(
    (c: { name: string }) => c.name === deployment.metadata.name,
  );
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const map = objects.find(
      o =>
        o.kind === 'ConfigMap' && o.metadata.name === from.configMapRef?.name,
    );
    if (!map)
      throw new Error(`ConfigMap ${from.configMapRef?.name} not rendered`);
    Object.assign(env, map.data);
  }
  const fieldRefs: Record<string, string> = { 'metadata.name': podName };
  for (const variable of container.env ?? []) {
    const value =
      variable.value ?? fieldRefs[variable.valueFrom?.fieldRef?.fieldPath];
    if (value === undefined)
      throw new Error(`No value for ${variable.name} in ${file}`);
    // $(VAR) refers to a variable defined before, as the kubelet expands it.
    env[variable.name] = value.replace(
      /\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g,
      (whole: string, name: string) => env[name] ?? whole,
    );
  }
  const emptyDirs = new Map<string, string | undefined>(
    (pod.volumes ?? [])
      .filter((v: { emptyDir?: unknown }) => v.emptyDir)
      .map((v: { name: string; emptyDir: { sizeLimit?: string } }) => [
        v.name,
        v.emptyDir.sizeLimit,
      ]),
  );
  const writableMounts = (container.volumeMounts ?? []).filter(
    (m: { name: string }) => emptyDirs.has(m.name),
  );
  const security = { ...pod.securityContext, ...container.securityContext };
  return {
    env,
    runAsUser: security.runAsUser,
    runAsGroup: security.runAsGroup ?? security.runAsUser,
    readOnlyRootFilesystem: security.readOnlyRootFilesystem === true,
    writablePaths: writableMounts.map(
      (m: { mountPath: string }) => m.mountPath,
    ),
    writableLimits: Object.fromEntries(
      writableMounts
        .filter((m: { name: string }) => emptyDirs.get(m.name))
        .map((m: { name: string; mountPath: string }) => [
          m.mountPath,
          quantityBytes(emptyDirs.get(m.name)!),
        ]),
    ),
    ports: Object.fromEntries(
      (container.ports ?? []).map(
        (p: { name: string; containerPort: number }) => [
          p.name,
          p.containerPort,
        ],
      ),
    ),
    readinessPath: container.readinessProbe.httpGet.path,
    terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds ?? 30,
  };
}

/** A Kubernetes memory quantity (`64Mi`, `1G`, `500000`) in bytes. */
export function quantityBytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity);
  if (!match) throw new Error(`Not a quantity: ${quantity}`);
  const factor: Record<string, number> = {
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
  };
  return Number(match[1]) * (match[2] ? factor[match[2]] : 1);
}
