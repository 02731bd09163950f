import {
  EntityPlatformStatus,
  httpLinkOrUndefined,
} from '@internal/backstage-plugin-eks-platform-common';

type Sources = EntityPlatformStatus['sources'];

/**
 * The sources with every link that is not an absolute http(s) URL removed:
 * runbook URLs (Alertmanager annotations, written by whoever writes a
 * PrometheusRule), links into Alertmanager, Jaeger and Argo CD. One pass
 * over the finished answer, so no source can forget it. A link-shaped
 * field that is required (`url` of trace links and applications) is
 * emptied; the frontend renders an empty or non-http link as text.
 */
export function withHttpLinksOnly(sources: Sources): Sources {
  const { alerts, traces, argocd } = sources;
  return {
    ...sources,
    alerts: alerts.data
      ? {
          ...alerts,
          data: {
            ...alerts.data,
            alerts: alerts.data.alerts.map(alert => ({
              ...alert,
              runbookUrl: httpLinkOrUndefined(alert.runbookUrl),
              url: httpLinkOrUndefined(alert.url),
            })),
          },
        }
      : alerts,
    traces: traces.data
      ? {
          ...traces,
          data: {
            ...traces.data,
            jaegerUrl: httpLinkOrUndefined(traces.data.jaegerUrl),
            errorTraces: traces.data.errorTraces.map(trace => ({
              ...trace,
              url: httpLinkOrUndefined(trace.url) ?? '',
            })),
          },
        }
      : traces,
    argocd: argocd.data
      ? {
          ...argocd,
          data: {
            applications: argocd.data.applications.map(app => ({
              ...app,
              url: httpLinkOrUndefined(app.url) ?? '',
            })),
          },
        }
      : argocd,
  };
}
