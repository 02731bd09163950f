import { Config } from '@backstage/config';
import { StatusSourceName } from '@internal/backstage-plugin-eks-platform-common';
import {
  ArgoCdInstanceConfig,
  readArgoCdInstances,
  readEnvironments,
  readTenancyConfig,
  requireHttpUrl,
  requireUniqueNames,
} from '@internal/backstage-plugin-eks-platform-node';
import { NamespacePolicy } from '../status/namespaceScope';
import { readStatusLimits, StatusLimits } from './readStatusLimits';

/** A configured upstream instance. `url` may carry credentials: never echo it. */
export interface UpstreamInstance {
  name: string;
  url: string;
  uiUrl?: string;
  token?: string;
}

export interface TracesConfig {
  source: 'jaeger' | 'prometheus';
  jaeger?: { url: string; uiUrl?: string };
  prometheus?: { url: string };
  windowMinutes: number;
}

export interface PlatformConfig {
  alertmanagers: UpstreamInstance[];
  argocds: ArgoCdInstanceConfig[];
  traces?: TracesConfig;
  deadlineMs: Record<StatusSourceName, number>;
  refreshSeconds: { alerts: number; traces: number; argocd: number };
  /** Size, time, watch, query and rate limits (see readStatusLimits). */
  limits: StatusLimits;
  /** Teams' namespaces: where entities' workloads may be looked up. */
  namespaces: NamespacePolicy;
}

const DEFAULT_DEADLINES: Record<StatusSourceName, number> = {
  kubernetes: 2000,
  alerts: 1500,
  traces: 1500,
  argocd: 1500,
};

function readAlertmanagers(config: Config | undefined): UpstreamInstance[] {
  const key = 'eksPlatform.alertmanager.instances';
  return requireUniqueNames(
    (config?.getOptionalConfigArray('instances') ?? []).map(c => ({
      name: c.getString('name'),
      url: requireHttpUrl(c.getString('url'), `${key}[].url`),
      uiUrl: optionalHttpUrl(c.getOptionalString('uiUrl'), `${key}[].uiUrl`),
      token: c.getOptionalString('token'),
    })),
    key,
  );
}

/** UI base URLs become links in browsers: http(s) only, checked at start-up. */
function optionalHttpUrl(value: string | undefined, key: string) {
  return value === undefined ? undefined : requireHttpUrl(value, key);
}

function positive(value: number | undefined, fallback: number, key: string) {
  if (value === undefined) return fallback;
  if (!(value > 0))
    throw new Error(`${key} must be a positive number, got ${value}`);
  return value;
}

/** Reads and validates the `eksPlatform` block; throws with the key to fix. */
export function readPlatformConfig(root: Config): PlatformConfig {
  const config = root.getOptionalConfig('eksPlatform');
  const tracesConfig = config?.getOptionalConfig('traces');
  let traces: TracesConfig | undefined;
  if (tracesConfig) {
    const source = tracesConfig.getOptionalString('source') ?? 'jaeger';
    if (source !== 'jaeger' && source !== 'prometheus') {
      throw new Error(
        `eksPlatform.traces.source must be 'jaeger' or 'prometheus', got '${source}'`,
      );
    }
    const jaegerUrl = tracesConfig.getOptionalString('jaeger.url');
    const prometheusUrl = tracesConfig.getOptionalString('prometheus.url');
    if (source === 'jaeger' && !jaegerUrl) {
      throw new Error(
        'eksPlatform.traces.source is jaeger but eksPlatform.traces.jaeger.url is missing',
      );
    }
    if (source === 'prometheus' && !prometheusUrl) {
      throw new Error(
        'eksPlatform.traces.source is prometheus but eksPlatform.traces.prometheus.url is missing',
      );
    }
    traces = {
      source,
      jaeger: jaegerUrl
        ? {
            url: requireHttpUrl(jaegerUrl, 'eksPlatform.traces.jaeger.url'),
            uiUrl: optionalHttpUrl(
              tracesConfig.getOptionalString('jaeger.uiUrl'),
              'eksPlatform.traces.jaeger.uiUrl',
            ),
          }
        : undefined,
      prometheus: prometheusUrl
        ? {
            url: requireHttpUrl(
              prometheusUrl,
              'eksPlatform.traces.prometheus.url',
            ),
          }
        : undefined,
      windowMinutes: positive(
        tracesConfig.getOptionalNumber('windowMinutes'),
        5,
        'eksPlatform.traces.windowMinutes',
      ),
    };
  }
  const deadlineMs = { ...DEFAULT_DEADLINES };
  for (const source of Object.keys(DEFAULT_DEADLINES) as StatusSourceName[]) {
    deadlineMs[source] = positive(
      config?.getOptionalNumber(`status.deadlineMs.${source}`),
      DEFAULT_DEADLINES[source],
      `eksPlatform.status.deadlineMs.${source}`,
    );
  }
  const refresh = (key: string, fallback: number) =>
    positive(
      config?.getOptionalNumber(`status.refreshSeconds.${key}`),
      fallback,
      `eksPlatform.status.refreshSeconds.${key}`,
    );
  return {
    alertmanagers: readAlertmanagers(config?.getOptionalConfig('alertmanager')),
    argocds: readArgoCdInstances(root),
    traces,
    deadlineMs,
    refreshSeconds: {
      alerts: refresh('alerts', 15),
      traces: refresh('traces', 30),
      argocd: refresh('argocd', 15),
    },
    limits: readStatusLimits(root),
    namespaces: {
      tenancy: readTenancyConfig(root),
      environments: readEnvironments(root),
    },
  };
}
