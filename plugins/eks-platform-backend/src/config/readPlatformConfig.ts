import { Config } from '@backstage/config';
import { StatusSourceName } from '@internal/backstage-plugin-eks-platform-common';

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
  argocds: UpstreamInstance[];
  traces?: TracesConfig;
  deadlineMs: Record<StatusSourceName, number>;
  refreshSeconds: { alerts: number; traces: number; argocd: number };
}

const DEFAULT_DEADLINES: Record<StatusSourceName, number> = {
  kubernetes: 2000,
  alerts: 1500,
  traces: 1500,
  argocd: 1500,
};

function readInstances(
  config: Config | undefined,
  key: string,
  tokenRequired: boolean,
) {
  const instances = (config?.getOptionalConfigArray('instances') ?? []).map(
    c => ({
      name: c.getString('name'),
      url: requireHttpUrl(
        c.getString('url'),
        `eksPlatform.${key}.instances[].url`,
      ),
      uiUrl: c.getOptionalString('uiUrl'),
      token: tokenRequired
        ? c.getString('token')
        : c.getOptionalString('token'),
    }),
  );
  const seen = new Set<string>();
  for (const instance of instances) {
    if (seen.has(instance.name)) {
      throw new Error(
        `eksPlatform.${key}.instances has two instances named '${instance.name}'; give each a unique name`,
      );
    }
    seen.add(instance.name);
  }
  return instances;
}

function requireHttpUrl(value: string, key: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${key} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `${key} must be an http(s) URL, got protocol '${url.protocol}'`,
    );
  }
  return value.replace(/\/+$/, '');
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
            uiUrl: tracesConfig.getOptionalString('jaeger.uiUrl'),
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
    alertmanagers: readInstances(
      config?.getOptionalConfig('alertmanager'),
      'alertmanager',
      false,
    ),
    argocds: readInstances(config?.getOptionalConfig('argocd'), 'argocd', true),
    traces,
    deadlineMs,
    refreshSeconds: {
      alerts: refresh('alerts', 15),
      traces: refresh('traces', 30),
      argocd: refresh('argocd', 15),
    },
  };
}
