import {
  AlertsStatus,
  SourceResult,
} from '@internal/backstage-plugin-eks-platform-common';
import { Combined } from '../../cache/combineSnapshots';
import { publicBaseUrl } from '@internal/backstage-plugin-eks-platform-node';
import { StoredAlert } from './alertmanagerPoller';
import { formatMatchers, Matcher, matchesAll } from './matchers';

const SEVERITY_ORDER: Record<string, number> = {
  critical: 0,
  warning: 1,
  info: 2,
};

/** The entity's alerts across every Alertmanager instance, worst first. */
export function alertsForEntity(
  combined: Combined<StoredAlert[]>,
  matchers: Matcher[],
  uiUrls: Map<string, string>,
): SourceResult<AlertsStatus> {
  const alerts: AlertsStatus['alerts'] = [];
  for (const { instance, data } of combined.usable) {
    const ui = uiUrls.get(instance);
    for (const alert of data) {
      if (!matchesAll(matchers, alert.labels)) continue;
      const name = alert.labels.alertname ?? 'unnamed';
      const linkMatchers: Matcher[] = [
        { name: 'alertname', op: '=', value: name },
        ...matchers,
      ];
      alerts.push({
        fingerprint: alert.fingerprint,
        name,
        severity: alert.labels.severity ?? 'none',
        state: alert.state,
        silenced: alert.silenced,
        inhibited: alert.inhibited,
        startsAt: alert.startsAt,
        summary: alert.summary,
        description: alert.description,
        runbookUrl: alert.runbookUrl,
        labels: alert.labels,
        alertmanager: instance,
        url: ui
          ? `${publicBaseUrl(
              ui,
            )}/#/alerts?silenced=true&inhibited=true&filter=${encodeURIComponent(
              formatMatchers(linkMatchers),
            )}`
          : undefined,
      });
    }
  }
  alerts.sort(
    (a, b) =>
      Number(a.silenced || a.inhibited) - Number(b.silenced || b.inhibited) ||
      (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9) ||
      a.startsAt.localeCompare(b.startsAt),
  );
  return {
    state: combined.state,
    fetchedAt: combined.fetchedAt,
    error: combined.error,
    data:
      combined.usable.length > 0 || combined.state !== 'error'
        ? {
            alerts,
            instances: combined.perInstance.map(p => ({
              name: p.instance,
              state: p.state,
              error: p.error,
            })),
          }
        : undefined,
  };
}
