import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_TRACE_SERVICE } from '@internal/backstage-plugin-eks-platform-common';
import { pollInstances } from '../cache/polling';
import { SnapshotStore } from '../cache/SnapshotStore';
import { PlatformConfig } from '../config/readPlatformConfig';
import { fetchAlertmanagerAlerts } from '../sources/alerts/alertmanagerPoller';
import { AlertFactsConfig } from '../sources/alerts/alertFactsConfig';
import {
  fetchAlertmanagerRouting,
  fetchPrometheusAlertRules,
} from '../sources/alerts/alertRoutingPoller';
import { fetchArgoCdApplications } from '../sources/argocd/argoCdPoller';
import {
  createTraceMetricsBackend,
  pollTraces,
} from '../sources/traces/tracesPoller';
import {
  ALERT_ROUTING_SOURCE,
  ALERT_RULES_SOURCE,
  ALERTS_SOURCE,
  ARGOCD_SOURCE,
  PollTriggers,
} from './StatusService';

export const TASK_IDS = {
  alerts: 'eks-platform-poll-alerts',
  argocd: 'eks-platform-poll-argocd',
  traces: 'eks-platform-poll-traces',
} as const;

/** Upstream timeout inside a poll: generous, it is off the request path. */
const POLL_TIMEOUT_MS = 10_000;

/**
 * Registers one globally-scoped scheduled task per polled source: across
 * all backend instances sharing the database, exactly one runs each poll,
 * and every instance reads its results from the shared cache.
 */
export async function schedulePollers(options: {
  config: PlatformConfig;
  scheduler: SchedulerService;
  store: SnapshotStore;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /** Where the alert rules are read; absent: only alerts and routing. */
  alertFacts?: AlertFactsConfig;
}): Promise<PollTriggers> {
  const { config, scheduler, store, logger } = options;
  const tasks: Array<{ id: string; seconds: number; fn: () => Promise<void> }> =
    [];

  if (config.alertmanagers.length > 0) {
    const byName = new Map(config.alertmanagers.map(i => [i.name, i]));
    tasks.push({
      id: TASK_IDS.alerts,
      seconds: config.refreshSeconds.alerts,
      // The alerts, and what the scorecard reads beside them: each
      // Alertmanager's routing tree and Prometheus' alerting rules.
      fn: async () => {
        const prometheus = options.alertFacts?.prometheus;
        await Promise.all([
          pollInstances({
            store,
            source: ALERTS_SOURCE,
            instances: Array.from(byName.keys()),
            logger,
            fetch: name =>
              fetchAlertmanagerAlerts(byName.get(name)!, POLL_TIMEOUT_MS),
          }),
          pollInstances({
            store,
            source: ALERT_ROUTING_SOURCE,
            instances: Array.from(byName.keys()),
            logger,
            fetch: name =>
              fetchAlertmanagerRouting(byName.get(name)!, POLL_TIMEOUT_MS),
          }),
          prometheus &&
            pollInstances({
              store,
              source: ALERT_RULES_SOURCE,
              instances: [prometheus.name],
              logger,
              fetch: () =>
                fetchPrometheusAlertRules(prometheus, POLL_TIMEOUT_MS),
            }),
        ]);
      },
    });
  }
  if (config.argocds.length > 0) {
    const byName = new Map(config.argocds.map(i => [i.name, i]));
    tasks.push({
      id: TASK_IDS.argocd,
      seconds: config.refreshSeconds.argocd,
      fn: () =>
        pollInstances({
          store,
          source: ARGOCD_SOURCE,
          instances: Array.from(byName.keys()),
          logger,
          fetch: name =>
            fetchArgoCdApplications(byName.get(name)!, POLL_TIMEOUT_MS),
        }),
    });
  }
  const traces = config.traces;
  if (traces) {
    const backend = createTraceMetricsBackend(traces);
    tasks.push({
      id: TASK_IDS.traces,
      seconds: config.refreshSeconds.traces,
      fn: async () => {
        const services = await tracedServices(options.catalog, options.auth);
        await pollTraces({
          config: traces,
          backend,
          store,
          services,
          timeoutMs: POLL_TIMEOUT_MS,
          logger,
        });
      },
    });
  }

  for (const task of tasks) {
    await scheduler.scheduleTask({
      id: task.id,
      frequency: { seconds: task.seconds },
      timeout: { seconds: Math.max(60, task.seconds * 4) },
      scope: 'global',
      fn: task.fn,
    });
  }

  // A cold cache asks for an early run; debounced so a burst of requests
  // asks once, and a task that is already running is simply left alone.
  const lastTrigger = new Map<string, number>();
  const trigger = (id: string) => () => {
    if (!tasks.some(t => t.id === id)) return;
    const now = Date.now();
    if (now - (lastTrigger.get(id) ?? 0) < 2000) return;
    lastTrigger.set(id, now);
    scheduler.triggerTask(id).catch(error => {
      logger.debug(`Could not trigger ${id}: ${(error as Error).message}`);
    });
  };
  return {
    alerts: trigger(TASK_IDS.alerts),
    argocd: trigger(TASK_IDS.argocd),
    traces: trigger(TASK_IDS.traces),
  };
}

/** Trace service names of every catalog entity that declares one. */
async function tracedServices(
  catalog: CatalogService,
  auth: AuthService,
): Promise<string[]> {
  const { items } = await catalog.getEntities(
    {
      filter: {
        [`metadata.annotations.${ANNOTATION_TRACE_SERVICE}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: [`metadata.annotations.${ANNOTATION_TRACE_SERVICE}`],
    },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  const names = new Set<string>();
  for (const e of items) {
    const name = e.metadata.annotations?.[ANNOTATION_TRACE_SERVICE]?.trim();
    if (name) names.add(name);
  }
  return Array.from(names).sort();
}
