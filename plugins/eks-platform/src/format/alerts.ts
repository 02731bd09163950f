import { AlertSummary } from '@internal/backstage-plugin-eks-platform-common';

const SEVERITY_RANK: Record<string, number> = {
  critical: 0,
  error: 1,
  warning: 2,
  info: 3,
};

function rank(severity: string): number {
  return SEVERITY_RANK[severity.toLowerCase()] ?? 4;
}

export interface SeverityGroup {
  severity: string;
  alerts: AlertSummary[];
}

export interface SplitAlerts {
  /** Firing and not muted, grouped by severity, worst first; oldest alert first in a group. */
  firing: SeverityGroup[];
  /** Silenced or inhibited: shown collapsed. */
  muted: AlertSummary[];
}

export function splitAlerts(alerts: AlertSummary[]): SplitAlerts {
  const muted = alerts.filter(
    a => a.silenced || a.inhibited || a.state === 'suppressed',
  );
  const firing = alerts.filter(a => !muted.includes(a));
  const bySeverity = new Map<string, AlertSummary[]>();
  for (const alert of firing) {
    const key = alert.severity || 'none';
    bySeverity.set(key, [...(bySeverity.get(key) ?? []), alert]);
  }
  return {
    firing: [...bySeverity.entries()]
      .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
      .map(([severity, group]) => ({
        severity,
        alerts: group.sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
      })),
    muted,
  };
}

/** Severities that should read as errors rather than warnings. */
export function isCriticalSeverity(severity: string): boolean {
  return rank(severity) <= 1;
}
