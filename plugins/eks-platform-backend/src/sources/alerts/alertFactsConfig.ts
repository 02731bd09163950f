import { Config } from '@backstage/config';
import { requireHttpUrl } from '@internal/backstage-plugin-eks-platform-node';
import { UpstreamInstance } from '../../config/readPlatformConfig';

export interface AlertFactsConfig {
  /** The Prometheus whose alerting rules are read; undefined: rules unknown. */
  prometheus?: UpstreamInstance;
  /** Owner group ref → its Alertmanager receivers (default: a receiver named like the group). */
  teamReceivers: Map<string, string[]>;
}

const GROUP_REF = /^group:[a-z0-9-_.]+\/[a-z0-9-_.]+$/i;

/**
 * `eksPlatform.alerts.prometheus` (else the Prometheus of
 * `eksPlatform.traces.prometheus`, usually the same server) and
 * `eksPlatform.alerts.teamReceivers`; throws naming the key to fix.
 */
export function readAlertFactsConfig(root: Config): AlertFactsConfig {
  const alerts = root.getOptionalConfig('eksPlatform.alerts');
  const own = alerts?.getOptionalConfig('prometheus');
  const tracesUrl = root.getOptionalString('eksPlatform.traces.prometheus.url');
  let prometheus: UpstreamInstance | undefined;
  if (own) {
    prometheus = {
      name: own.getOptionalString('name') ?? 'main',
      url: requireHttpUrl(
        own.getString('url'),
        'eksPlatform.alerts.prometheus.url',
      ),
      token: own.getOptionalString('token'),
    };
  } else if (tracesUrl) {
    prometheus = {
      name: 'main',
      url: requireHttpUrl(tracesUrl, 'eksPlatform.traces.prometheus.url'),
    };
  }
  const teamReceivers = new Map<string, string[]>();
  for (const entry of alerts?.getOptionalConfigArray('teamReceivers') ?? []) {
    const group = entry.getString('group');
    if (!GROUP_REF.test(group)) {
      throw new Error(
        `eksPlatform.alerts.teamReceivers[].group must be a group entity ref such as group:default/payments, got '${group}'`,
      );
    }
    const receivers = entry.getStringArray('receivers');
    if (receivers.length === 0) {
      throw new Error(
        `eksPlatform.alerts.teamReceivers[] for ${group} lists no receivers`,
      );
    }
    teamReceivers.set(group.toLowerCase(), receivers);
  }
  return { prometheus, teamReceivers };
}

/** The owner's receivers: configured, else the one named like the group. */
export function ownerReceivers(
  config: AlertFactsConfig,
  ownerRef: string | undefined,
): string[] {
  if (!ownerRef) return [];
  const configured = config.teamReceivers.get(ownerRef.toLowerCase());
  if (configured) return configured;
  return [ownerRef.replace(/^[^:]+:/, '').replace(/^[^/]+\//, '')];
}
