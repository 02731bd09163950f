import { backstageKubernetesConfig } from './kubernetes/backstageConfig';
import { SANDBOX_TOKENS } from './ports';
import type { Sandbox } from './sandboxTypes';

/**
 * The status backend's sources pointed at a started sandbox, as the tests
 * that run the real backend over it read them: its clusters, Argo CD,
 * Alertmanager (when Prometheus runs) and the traces through Jaeger's SPM
 * with a one-minute window (when the trace pipeline runs).
 */
export function sandboxStatusConfig(sandbox: Sandbox) {
  return {
    kubernetes: backstageKubernetesConfig(sandbox.clusters),
    eksPlatform: {
      argocd: {
        instances: [
          {
            name: 'main',
            url: sandbox.urls.argocd,
            token: SANDBOX_TOKENS.argocd,
          },
        ],
      },
      ...(sandbox.urls.alertmanager
        ? {
            alertmanager: {
              instances: [{ name: 'main', url: sandbox.urls.alertmanager }],
            },
          }
        : {}),
      ...(sandbox.urls.jaeger
        ? {
            traces: {
              source: 'jaeger',
              jaeger: { url: sandbox.urls.jaeger },
              windowMinutes: 1,
            },
          }
        : {}),
    },
  };
}
