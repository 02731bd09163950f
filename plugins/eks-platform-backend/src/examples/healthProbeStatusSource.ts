/*
 * docs/extending.md, "Add a status source": a complete backend module that
 * adds a status source to the eks-platform backend. It probes each
 * service's health endpoint at a URL built from platform config (never
 * from catalog annotations, so catalog authors cannot make the backend call
 * arbitrary hosts) and reports a failing endpoint as critical.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ExtraSourceStatus,
  SourceResult,
} from '@internal/backstage-plugin-eks-platform-common';
import {
  EksPlatformStatusSource,
  eksPlatformScorecardRulesExtensionPoint,
  eksPlatformStatusSourcesExtensionPoint,
  ScorecardRule,
} from '@internal/backstage-plugin-eks-platform-node';

/** Annotation that opts a service in (its value is the path to probe). */
export const HEALTH_PATH_ANNOTATION = 'eks.platform/health-path';

/** The source: one GET per status read, bounded by the backend's deadline. */
export function healthProbeSource(baseUrl: string): EksPlatformStatusSource {
  return {
    id: 'health-probe',
    title: 'Health endpoint',
    deadlineMs: 1500,
    async forEntity(
      entity: Entity,
      { signal }: { signal: AbortSignal },
    ): Promise<SourceResult<ExtraSourceStatus>> {
      const path = entity.metadata.annotations?.[HEALTH_PATH_ANNOTATION];
      if (!path)
        return {
          state: 'not-configured',
          hint: `add the ${HEALTH_PATH_ANNOTATION} annotation, e.g. /healthz`,
        };
      if (!/^\/[A-Za-z0-9._~/-]*$/.test(path))
        return {
          state: 'error',
          error: {
            upstream: 'catalog',
            message: `annotation ${HEALTH_PATH_ANNOTATION} must be a path such as /healthz`,
          },
        };
      const url = `${baseUrl.replace('{name}', entity.metadata.name)}${path}`;
      const started = Date.now();
      const title = 'Health endpoint';
      try {
        const res = await fetch(url, { signal, redirect: 'manual' });
        await res.body?.cancel();
        const ms = Date.now() - started;
        return {
          state: 'ok',
          fetchedAt: new Date().toISOString(),
          data: {
            title,
            findings: [
              res.ok
                ? {
                    level: 'healthy',
                    text: `${path} answers ${res.status} in ${ms} ms`,
                  }
                : {
                    level: 'critical',
                    text: `${path} answers HTTP ${res.status}`,
                  },
            ],
          },
        };
      } catch {
        // A service that does not answer is the finding, not a source failure.
        return {
          state: 'ok',
          fetchedAt: new Date().toISOString(),
          data: {
            title,
            findings: [{ level: 'critical', text: `${path} does not answer` }],
          },
        };
      }
    },
  };
}

/**
 * The scorecard judges the added source too: a module that adds a source
 * adds the rule that reads it. Missing or failed probe data is `unknown`,
 * never a pass.
 */
export const healthEndpointRule: ScorecardRule = {
  id: 'health-endpoint-answers',
  title: 'The health endpoint answers',
  why: 'Load balancers and on-call checks rely on it; a failing health endpoint hides the real state of the service.',
  fix: 'Serve the path named by the eks.platform/health-path annotation with a 2xx answer while the service can take traffic.',
  severity: 'high',
  appliesTo: {},
  source: 'health-probe',
  evaluate: ({ status }) => {
    const probe = status.extraSources?.['health-probe'];
    if (!probe || probe.state !== 'ok' || !probe.data)
      return {
        outcome: 'unknown',
        reasons: [
          probe?.hint ??
            probe?.error?.message ??
            'the health probe has no answer',
        ],
      };
    const failing = probe.data.findings.filter(f => f.level !== 'healthy');
    return failing.length > 0
      ? { outcome: 'fail', reasons: failing.map(f => f.text) }
      : { outcome: 'pass', reasons: [] };
  },
};

/**
 * `backend.add(eksPlatformModuleHealthProbe)` with
 * `eksPlatform.healthProbe.baseUrl: https://{name}.internal.example.com`.
 */
export const eksPlatformModuleHealthProbe = createBackendModule({
  pluginId: 'eks-platform',
  moduleId: 'health-probe',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        sources: eksPlatformStatusSourcesExtensionPoint,
        rules: eksPlatformScorecardRulesExtensionPoint,
      },
      async init({ config, sources, rules }) {
        const baseUrl = config.getString('eksPlatform.healthProbe.baseUrl');
        if (!/^https?:\/\//.test(baseUrl))
          throw new Error(
            'eksPlatform.healthProbe.baseUrl must be an http(s) URL, e.g. https://{name}.internal.example.com',
          );
        sources.addStatusSource(healthProbeSource(baseUrl));
        rules.addRules(healthEndpointRule);
      },
    });
  },
});
