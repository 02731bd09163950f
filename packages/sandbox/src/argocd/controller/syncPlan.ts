import type { KubeObject } from '../../kubernetes/kubeClient';
import { installOrder } from '../../kubernetes/installOrder';
import { refOf, resourceKey, ResourceRef } from './resources';

/*
 * Which objects are sync tasks, in which phase and wave, in which order
 * (gitops-engine's pkg/sync: hook.go, helm hook mapping, sync_tasks.go):
 *
 * - `argocd.argoproj.io/hook: PreSync|Sync|PostSync|SyncFail|Skip` makes an
 *   object a hook of those phases (Skip: never applied);
 * - without it, Helm's `helm.sh/hook` maps pre-install/pre-upgrade to
 *   PreSync and post-install/post-upgrade to PostSync; other Helm hooks
 *   (test, delete, rollback) have no Argo CD phase and never run;
 *   `crd-install` is an ordinary resource;
 * - the wave is `argocd.argoproj.io/sync-wave` (hooks: or
 *   `helm.sh/hook-weight`), default 0;
 * - tasks run by phase (PreSync, Sync, PostSync), then wave, then kind
 *   (Helm's install order), then name.
 */

export type SyncPhase = 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail';
const PHASES: SyncPhase[] = ['PreSync', 'Sync', 'PostSync', 'SyncFail'];

export interface SyncTask {
  object: KubeObject;
  ref: ResourceRef;
  key: string;
  /** Hooks are applied in their phases but are not part of the compared state. */
  hook: boolean;
  phase: SyncPhase;
  wave: number;
  /** Hook delete policies (BeforeHookCreation, HookSucceeded, HookFailed). */
  deletePolicies: string[];
}

const HELM_HOOK_PHASES: Record<string, SyncPhase> = {
  'pre-install': 'PreSync',
  'pre-upgrade': 'PreSync',
  'post-install': 'PostSync',
  'post-upgrade': 'PostSync',
};
const HELM_DELETE_POLICIES: Record<string, string> = {
  'before-hook-creation': 'BeforeHookCreation',
  'hook-succeeded': 'HookSucceeded',
  'hook-failed': 'HookFailed',
};

const csv = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);

function wave(value: string | undefined): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) ? n : 0;
}

/** The phases an object runs in (`[]`: a hook that never runs), or undefined for an ordinary resource. */
function hookPhases(object: KubeObject): SyncPhase[] | 'skip' | undefined {
  const annotations = object.metadata.annotations ?? {};
  const argo = annotations['argocd.argoproj.io/hook'];
  if (argo !== undefined) {
    const types = csv(argo);
    if (types.includes('Skip')) return 'skip';
    return PHASES.filter(p => types.includes(p));
  }
  const helm = annotations['helm.sh/hook'];
  if (helm === undefined || helm.trim() === 'crd-install') return undefined;
  return [
    ...new Set(
      csv(helm)
        .map(t => HELM_HOOK_PHASES[t])
        .filter((p): p is SyncPhase => p !== undefined),
    ),
  ];
}

/** Splits rendered objects into sync tasks: one per resource, one per hook phase. */
export function planTasks(objects: KubeObject[]): SyncTask[] {
  const tasks: SyncTask[] = [];
  for (const object of objects) {
    const annotations = object.metadata.annotations ?? {};
    const ref = refOf(object);
    const key = resourceKey(ref);
    const phases = hookPhases(object);
    if (phases === 'skip') continue;
    if (phases === undefined) {
      tasks.push({
        object,
        ref,
        key,
        hook: false,
        phase: 'Sync',
        wave: wave(annotations['argocd.argoproj.io/sync-wave']),
        deletePolicies: [],
      });
      continue;
    }
    const policies = annotations['argocd.argoproj.io/hook-delete-policy']
      ? csv(annotations['argocd.argoproj.io/hook-delete-policy'])
      : csv(annotations['helm.sh/hook-delete-policy'])
          .map(p => HELM_DELETE_POLICIES[p])
          .filter(Boolean);
    for (const phase of phases) {
      tasks.push({
        object,
        ref,
        key,
        hook: true,
        phase,
        wave: wave(
          annotations['argocd.argoproj.io/sync-wave'] ??
            annotations['helm.sh/hook-weight'],
        ),
        deletePolicies: policies.length > 0 ? policies : ['BeforeHookCreation'],
      });
    }
  }
  return tasks.sort(compareTasks);
}

export function compareTasks(a: SyncTask, b: SyncTask): number {
  return (
    PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) ||
    a.wave - b.wave ||
    installOrder(a.ref.kind) - installOrder(b.ref.kind) ||
    a.ref.name.localeCompare(b.ref.name)
  );
}

/** Tasks grouped into the steps a sync runs one after the other (phase, then wave). */
export function steps(
  tasks: SyncTask[],
): Array<{ phase: SyncPhase; wave: number; tasks: SyncTask[] }> {
  const out: Array<{ phase: SyncPhase; wave: number; tasks: SyncTask[] }> = [];
  for (const task of [...tasks].sort(compareTasks)) {
    const last = out[out.length - 1];
    if (last && last.phase === task.phase && last.wave === task.wave)
      last.tasks.push(task);
    else out.push({ phase: task.phase, wave: task.wave, tasks: [task] });
  }
  return out;
}
