import { UpstreamInstance } from '../../config/readPlatformConfig';
import { fetchUpstreamJson } from '@internal/backstage-plugin-eks-platform-node';

/** The part of an Alertmanager v2 alert the status keeps (annotations trimmed). */
export interface StoredAlert {
  fingerprint: string;
  labels: Record<string, string>;
  summary?: string;
  description?: string;
  runbookUrl?: string;
  startsAt: string;
  state: string;
  silenced: boolean;
  inhibited: boolean;
}

interface GettableAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt: string;
  status: { state: string; silencedBy?: string[]; inhibitedBy?: string[] };
}

/**
 * One request per instance per interval: every alert, including silenced
 * and inhibited ones, is read once and matched per entity in memory, so
 * the upstream load does not grow with the number of services.
 */
export async function fetchAlertmanagerAlerts(
  instance: UpstreamInstance,
  timeoutMs: number,
): Promise<StoredAlert[]> {
  const alerts = await fetchUpstreamJson<GettableAlert[]>({
    upstream: `alertmanager/${instance.name}`,
    baseUrl: instance.url,
    path: '/api/v2/alerts',
    query: {
      active: 'true',
      silenced: 'true',
      inhibited: 'true',
      unprocessed: 'true',
    },
    token: instance.token,
    timeoutMs,
  });
  if (!Array.isArray(alerts))
    throw new Error('Alertmanager did not answer with a list');
  return alerts.map(alert => ({
    fingerprint: alert.fingerprint,
    labels: alert.labels ?? {},
    summary: alert.annotations?.summary,
    description: alert.annotations?.description,
    runbookUrl: alert.annotations?.runbook_url,
    startsAt: alert.startsAt,
    state: alert.status?.state ?? 'unprocessed',
    silenced: (alert.status?.silencedBy?.length ?? 0) > 0,
    inhibited: (alert.status?.inhibitedBy?.length ?? 0) > 0,
  }));
}
