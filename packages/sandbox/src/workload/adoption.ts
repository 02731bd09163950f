import {
  deriveRoutes,
  deriveServiceParams,
  FleetService,
  nameSuffix,
} from '../fleet';
import type { KubeObject } from '../kubernetes/kubeClient';
import { canonicalJson } from './canonicalJson';
import type { LiveDeployment, RevisionTemplate } from './types';

/*
 * What the simulator takes from a Deployment it did not create (applied
 * by Argo CD, say) to play its controllers: the pod template (hashed like
 * the Deployment controller's `pod-template-hash`), the rollout strategy,
 * the HPA that targets it, the PDB that selects its pods, its ALB
 * Ingresses, and the behaviour of the service behind it: a modest default
 * load, so a new service's HPA reports real numbers and stays at its
 * minimum.
 */

/** The platform's label every workload carries (docs/contracts.md). */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

/** Requests per second a new service gets at the middle of the prod load curve. */
export const NEW_SERVICE_RPS = 10;
/** …and what one replica serves at 100 % of its CPU request. */
const NEW_SERVICE_RPS_PER_REPLICA = 50;

export function templateOf(deployment: KubeObject): RevisionTemplate {
  const template = deployment.spec?.template ?? { spec: {} };
  return {
    hash: nameSuffix(canonicalJson(template), 10),
    template,
  };
}

function utilization(hpa: KubeObject | undefined, resource: string) {
  return (hpa?.spec?.metrics ?? []).find(
    (m: any) =>
      m?.type === 'Resource' &&
      m.resource?.name === resource &&
      m.resource?.target?.type === 'Utilization',
  )?.resource.target.averageUtilization as number | undefined;
}

/** The service an adopted Deployment runs, with HPA parameters from its HPA. */
export function serviceOfLive(
  deployment: KubeObject,
  hpa: KubeObject | undefined,
): FleetService {
  const labels = deployment.metadata.labels ?? {};
  const name = labels[KUBERNETES_ID_LABEL] ?? deployment.metadata.name;
  const derived = deriveServiceParams(name);
  const replicas = deployment.spec?.replicas ?? 1;
  const team =
    labels['eks.platform/owner'] ??
    labels.team ??
    labels['app.kubernetes.io/team'] ??
    '';
  return {
    name,
    namespace: deployment.metadata.namespace ?? 'default',
    owner: team ? `group:default/${team}` : '',
    team,
    system: labels['app.kubernetes.io/part-of'],
    source: 'cluster',
    routes: deriveRoutes(name),
    dependencies: [],
    params: {
      ...derived,
      replicas,
      hpaMinReplicas: hpa?.spec?.minReplicas ?? 1,
      hpaMaxReplicas: hpa?.spec?.maxReplicas ?? replicas,
      baseRps: NEW_SERVICE_RPS,
      rpsPerReplicaAtFullCpu: NEW_SERVICE_RPS_PER_REPLICA,
      // The HPA controller's default without metrics: 80 % CPU.
      cpuTargetUtilization:
        utilization(hpa, 'cpu') ??
        ((hpa?.spec?.metrics ?? []).length === 0
          ? 80
          : derived.cpuTargetUtilization),
      memoryTargetUtilization:
        utilization(hpa, 'memory') ?? derived.memoryTargetUtilization,
    },
    faults: {
      highErrorRate: false,
      highLatency: false,
      lowAvailability: false,
      hpaPinned: false,
    },
    // Applied by someone else: whatever it breaks shows as it is.
    breaks: [],
    alertTeam: team,
  };
}

const sameNamespace = (a: KubeObject, b: KubeObject) =>
  (a.metadata.namespace ?? '') === (b.metadata.namespace ?? '');

function selects(selector: any, labels: Record<string, string>): boolean {
  const match = selector?.matchLabels ?? {};
  const expressions = selector?.matchExpressions ?? [];
  if (Object.keys(match).length === 0 && expressions.length === 0) return false;
  return (
    Object.entries(match).every(([k, v]) => labels[k] === v) &&
    expressions.every((e: any) => {
      const value = labels[e.key];
      switch (e.operator) {
        case 'In':
          return value !== undefined && (e.values ?? []).includes(value);
        case 'NotIn':
          return value === undefined || !(e.values ?? []).includes(value);
        case 'Exists':
          return value !== undefined;
        case 'DoesNotExist':
          return value === undefined;
        default:
          return false;
      }
    })
  );
}

export function hpaFor(deployment: KubeObject, hpas: KubeObject[]) {
  return hpas.find(
    h =>
      sameNamespace(h, deployment) &&
      h.spec?.scaleTargetRef?.kind === 'Deployment' &&
      h.spec?.scaleTargetRef?.name === deployment.metadata.name,
  );
}

export function pdbFor(deployment: KubeObject, pdbs: KubeObject[]) {
  const labels = deployment.spec?.template?.metadata?.labels ?? {};
  return pdbs.find(
    p => sameNamespace(p, deployment) && selects(p.spec?.selector, labels),
  );
}

function isAlb(ingress: KubeObject): boolean {
  return (
    ingress.spec?.ingressClassName === 'alb' ||
    ingress.metadata.annotations?.['kubernetes.io/ingress.class'] === 'alb'
  );
}

export function albIngressesFor(
  deployment: KubeObject,
  ingresses: KubeObject[],
): LiveDeployment['ingresses'] {
  const id = deployment.metadata.labels?.[KUBERNETES_ID_LABEL];
  return ingresses
    .filter(
      i =>
        sameNamespace(i, deployment) &&
        isAlb(i) &&
        id !== undefined &&
        i.metadata.labels?.[KUBERNETES_ID_LABEL] === id,
    )
    .map(i => ({
      name: i.metadata.name,
      // The AWS Load Balancer Controller's default scheme is internal.
      internal:
        i.metadata.annotations?.['alb.ingress.kubernetes.io/scheme'] !==
        'internet-facing',
      hosts: (i.spec?.rules ?? [])
        .map((r: any) => r?.host)
        .filter((h: unknown): h is string => typeof h === 'string'),
    }));
}

export function liveDeploymentOf(
  deployment: KubeObject,
  hpa: KubeObject | undefined,
  pdb: KubeObject | undefined,
  ingresses: LiveDeployment['ingresses'],
  writtenReplicas: number | undefined,
): LiveDeployment {
  const rolling = deployment.spec?.strategy?.rollingUpdate ?? {};
  return {
    name: deployment.metadata.name,
    uid: deployment.metadata.uid ?? '',
    generation: deployment.metadata.generation ?? 1,
    specReplicas: deployment.spec?.replicas,
    writtenReplicas,
    selector: deployment.spec?.selector?.matchLabels ?? {},
    strategy:
      deployment.spec?.strategy?.type === 'Recreate'
        ? { maxSurge: 0, maxUnavailable: '100%' }
        : {
            maxSurge: rolling.maxSurge ?? '25%',
            maxUnavailable: rolling.maxUnavailable ?? '25%',
          },
    hpa: hpa
      ? {
          name: hpa.metadata.name,
          // Without metrics the HPA controller targets CPU.
          metrics: (hpa.spec?.metrics ?? []).length
            ? (hpa.spec.metrics as any[])
                .filter(m => m?.type === 'Resource' && m.resource?.name)
                .map(m => m.resource.name as string)
            : ['cpu'],
        }
      : undefined,
    pdb: pdb
      ? {
          name: pdb.metadata.name,
          minAvailable: pdb.spec?.minAvailable,
          maxUnavailable: pdb.spec?.maxUnavailable,
          generation: pdb.metadata.generation ?? 1,
        }
      : undefined,
    ingresses,
  };
}
