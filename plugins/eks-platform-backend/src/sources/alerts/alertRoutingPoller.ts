import { fetchUpstreamJson } from '@internal/backstage-plugin-eks-platform-node';
import { UpstreamInstance } from '../../config/readPlatformConfig';
import { parseRoutingTree, RouteNode } from './routingTree';

/** An alerting rule as Prometheus serves it: its name and static labels. */
export interface StoredAlertRule {
  name: string;
  labels: Record<string, string>;
}

interface RulesResponse {
  status: string;
  data?: {
    groups?: Array<{
      rules?: Array<{ type?: string; name?: string; labels?: unknown }>;
    }>;
  };
}

function stringLabels(labels: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (labels && typeof labels === 'object')
    for (const [k, v] of Object.entries(labels))
      if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * Every alerting rule Prometheus evaluates (`GET /api/v1/rules?type=alert`),
 * read once per poll and matched per entity in memory.
 */
export async function fetchPrometheusAlertRules(
  instance: UpstreamInstance,
  timeoutMs: number,
): Promise<StoredAlertRule[]> {
  const body = await fetchUpstreamJson<RulesResponse>({
    upstream: `prometheus/${instance.name}`,
    baseUrl: instance.url,
    path: '/api/v1/rules',
    query: { type: 'alert' },
    token: instance.token,
    timeoutMs,
  });
  if (body?.status !== 'success' || !Array.isArray(body.data?.groups))
    throw new Error('Prometheus did not answer with rule groups');
  const rules: StoredAlertRule[] = [];
  for (const group of body.data!.groups!) {
    for (const rule of group.rules ?? []) {
      if (rule.type !== 'alerting' || typeof rule.name !== 'string') continue;
      rules.push({ name: rule.name, labels: stringLabels(rule.labels) });
    }
  }
  return rules;
}

/**
 * The routing tree an Alertmanager runs, from `GET /api/v2/status`
 * (`config.original`), parsed at poll time so a view only walks it.
 */
export async function fetchAlertmanagerRouting(
  instance: UpstreamInstance,
  timeoutMs: number,
): Promise<RouteNode> {
  const body = await fetchUpstreamJson<{ config?: { original?: unknown } }>({
    upstream: `alertmanager/${instance.name}`,
    baseUrl: instance.url,
    path: '/api/v2/status',
    token: instance.token,
    timeoutMs,
  });
  const original = body?.config?.original;
  if (typeof original !== 'string')
    throw new Error('Alertmanager did not answer with its configuration');
  return parseRoutingTree(original);
}
