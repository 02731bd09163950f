import {
  ArgoCdStatus,
  SourceResult,
} from '@internal/backstage-plugin-eks-platform-common';
import { Combined } from '../../cache/combineSnapshots';
import { publicBaseUrl } from '@internal/backstage-plugin-eks-platform-node';
import { matchesSelector, Requirement } from '../labelSelector';
import { StoredApplication } from './argoCdPoller';

export interface ArgoTarget {
  appName?: string;
  selector?: Requirement[];
}

/** The entity's Argo CD applications across the instances it may live in. */
export function argoCdForEntity(
  combined: Combined<StoredApplication[]>,
  target: ArgoTarget,
  uiUrls: Map<string, string>,
): SourceResult<ArgoCdStatus> {
  const applications: ArgoCdStatus['applications'] = [];
  for (const { instance, data } of combined.usable) {
    const ui = publicBaseUrl(uiUrls.get(instance)!);
    for (const app of data) {
      let matches = false;
      if (target.appName) matches = app.name === target.appName;
      else if (target.selector)
        matches = matchesSelector(target.selector, app.labels);
      if (!matches) continue;
      const ns = app.appNamespace
        ? `?appNamespace=${encodeURIComponent(app.appNamespace)}`
        : '';
      applications.push({
        instance,
        name: app.name,
        project: app.project,
        syncStatus: app.syncStatus,
        healthStatus: app.healthStatus,
        revision: app.revision,
        lastSyncedAt: app.lastSyncedAt,
        destination: app.destination,
        url: `${ui}/applications/${encodeURIComponent(app.name)}${ns}`,
      });
    }
  }
  applications.sort(
    (a, b) =>
      a.instance.localeCompare(b.instance) || a.name.localeCompare(b.name),
  );
  return {
    state: combined.state,
    fetchedAt: combined.fetchedAt,
    error: combined.error,
    data: combined.state === 'error' ? undefined : { applications },
  };
}
