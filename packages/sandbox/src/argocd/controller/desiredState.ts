import { KubeApiError, KubeObject } from '../../kubernetes/kubeClient';
import type { AppProject, ApplicationDestination } from '../types';
import { projectRefusal } from './projectPolicy';
import {
  describeRef,
  refOf,
  TRACKING_ANNOTATION,
  trackingId,
  withoutNulls,
} from './resources';
import { planTasks, SyncTask } from './syncPlan';
import { LiveTarget, missingKindMessage } from './targets';

/*
 * The rendered manifests made ready for the destination, as Argo CD's
 * controller does before comparing or syncing: `null`s dropped,
 * namespaced objects without a namespace put in the destination
 * namespace, the tracking annotation added, every object checked against
 * the AppProject and against what the destination serves. Objects that
 * fail a check become "invalid tasks": a sync with any refuses to start.
 */

export interface InvalidTask {
  object: KubeObject;
  message: string;
}

export interface DesiredState {
  tasks: SyncTask[];
  invalid: InvalidTask[];
}

function wellFormed(object: KubeObject): string | undefined {
  if (!object || typeof object !== 'object')
    return 'a manifest must be an object';
  if (typeof object.apiVersion !== 'string' || !object.apiVersion)
    return 'a manifest needs an apiVersion';
  if (typeof object.kind !== 'string' || !object.kind)
    return 'a manifest needs a kind';
  if (typeof object.metadata?.name !== 'string' || !object.metadata.name)
    return `${object.kind} without metadata.name`;
  return undefined;
}

export async function prepareDesiredState(input: {
  appName: string;
  manifests: KubeObject[];
  target: LiveTarget;
  destination: ApplicationDestination;
  project: AppProject;
}): Promise<DesiredState> {
  const ready: KubeObject[] = [];
  const invalid: InvalidTask[] = [];
  for (const manifest of input.manifests.map(withoutNulls)) {
    const malformed = wellFormed(manifest);
    if (malformed) {
      invalid.push({ object: manifest, message: malformed });
      continue;
    }
    let namespaced: boolean;
    try {
      namespaced = await input.target.namespaced(
        manifest.apiVersion,
        manifest.kind,
      );
    } catch (error) {
      if (!(error instanceof KubeApiError) || error.status !== 404) throw error;
      invalid.push({
        object: manifest,
        // The in-cluster destination says itself what it holds.
        message: error.message.includes('in-cluster destination')
          ? error.message
          : missingKindMessage(refOf(manifest)),
      });
      continue;
    }
    const metadata = { ...manifest.metadata };
    if (namespaced) metadata.namespace ||= input.destination.namespace;
    else delete metadata.namespace;
    if (namespaced && !metadata.namespace) {
      invalid.push({
        object: manifest,
        message: `${describeRef(
          refOf(manifest),
        )} is namespaced, and neither the manifest nor the destination names a namespace`,
      });
      continue;
    }
    const object = { ...manifest, metadata } as KubeObject;
    const ref = refOf(object);
    const refusal = projectRefusal(
      input.project,
      ref,
      namespaced,
      input.destination,
    );
    if (refusal) {
      invalid.push({ object, message: refusal });
      continue;
    }
    object.metadata.annotations = {
      ...object.metadata.annotations,
      [TRACKING_ANNOTATION]: trackingId(input.appName, ref),
    };
    ready.push(object);
  }
  return { tasks: planTasks(ready), invalid };
}
