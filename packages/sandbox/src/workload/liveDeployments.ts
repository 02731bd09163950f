import { initialConditions } from './hpa-conditions';
import {
  albIngressesFor,
  hpaFor,
  liveDeploymentOf,
  pdbFor,
  serviceOfLive,
  templateOf,
} from './adoption';
import type { ClusterSimulation } from './cluster-sim';
import type { LiveWorkloads, SimDeployment } from './types';

/*
 * The controllers' view of the Deployments someone else applied (Argo CD,
 * kubectl): a new one is adopted with its template as revision 1 and its
 * HPA evaluated at once (the HPA controller handles a new HPA without
 * waiting a period); a changed template starts a rolling update to a new
 * revision, exactly like the fleet's rollouts; a changed HPA, PDB, strategy
 * or replica count is taken over; a Deployment that disappeared takes its
 * ReplicaSets and pods with it. The fleet's own Deployments (same
 * namespace and name) are never adopted.
 */

export const adoptedKey = (namespace: string, name: string) =>
  `${namespace}/${name}`;

export function syncLiveDeployments(
  sim: ClusterSimulation,
  live: LiveWorkloads,
  now: number,
): string[] {
  const fleet = new Set(
    [...sim.deployments.values()]
      .filter(d => d.origin === 'fleet')
      .map(d => adoptedKey(d.service.namespace, d.service.name)),
  );
  const seen = new Set<string>();
  for (const object of live.deployments) {
    const namespace = object.metadata.namespace ?? 'default';
    const key = adoptedKey(namespace, object.metadata.name);
    if (fleet.has(key) || object.metadata.deletionTimestamp) continue;
    seen.add(key);
    const hpa = hpaFor(object, live.hpas);
    const pdb = pdbFor(object, live.pdbs);
    const ingresses = albIngressesFor(object, live.ingresses);
    const existing = sim.deployments.get(key);
    const template = templateOf(object);
    if (!existing) {
      const service = serviceOfLive(object, hpa);
      const deployment: SimDeployment = {
        service,
        origin: 'cluster',
        live: liveDeploymentOf(object, hpa, pdb, ingresses, undefined),
        templates: new Map([[1, template]]),
        createdAt: Date.parse(object.metadata.creationTimestamp ?? '') || now,
        replicas: object.spec?.replicas ?? 1,
        revision: 1,
        generation: object.metadata.generation ?? 1,
        pods: [],
        revisions: [1],
        hpa: {
          cpuUtilization: 0,
          memoryUtilization: 0,
          lastSyncAt: now,
          conditions: initialConditions(now),
        },
        dirty: true,
      };
      sim.deployments.set(key, deployment);
      if (hpa) sim.syncHpa(deployment, now);
      continue;
    }
    const before = JSON.stringify([existing.live, existing.service.params]);
    const written = existing.live?.writtenReplicas;
    const hadHpa = existing.live?.hpa !== undefined;
    existing.live = liveDeploymentOf(object, hpa, pdb, ingresses, written);
    existing.generation = existing.live.generation;
    const service = serviceOfLive(object, hpa);
    existing.service.params = {
      ...existing.service.params,
      ...hpaParams(service),
    };
    // Someone else set the replicas (the manifest, `kubectl scale`): follow them.
    const specReplicas = object.spec?.replicas;
    if (
      specReplicas !== undefined &&
      specReplicas !== written &&
      specReplicas !== existing.replicas &&
      !hpa
    ) {
      existing.replicas = specReplicas;
    }
    // A new HPA is evaluated at once.
    if (hpa && !hadHpa) existing.hpa.lastSyncAt = 0;
    if (template.hash !== sim.template(existing, existing.revision).hash) {
      sim.startRollout(existing, now, template);
    }
    if (before !== JSON.stringify([existing.live, existing.service.params]))
      existing.dirty = true;
  }
  const gone: string[] = [];
  for (const [key, deployment] of sim.deployments) {
    if (deployment.origin === 'cluster' && !seen.has(key)) {
      sim.forget(key);
      gone.push(key);
    }
  }
  return gone;
}

function hpaParams(service: ReturnType<typeof serviceOfLive>) {
  const {
    hpaMinReplicas,
    hpaMaxReplicas,
    cpuTargetUtilization,
    memoryTargetUtilization,
  } = service.params;
  return {
    hpaMinReplicas,
    hpaMaxReplicas,
    cpuTargetUtilization,
    memoryTargetUtilization,
  };
}
