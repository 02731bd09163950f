import type { SandboxUrls } from '@internal/eks-platform-sandbox';

/**
 * The status backend's `traces` block for a benchmark sandbox: span metrics
 * from its Prometheus and error-trace links from its Jaeger, as the portal's
 * default does; nothing (the card says "not configured") when either is not
 * running, e.g. without the Debian Prometheus or the built upstreams.
 */
export function tracesConfig(urls: SandboxUrls) {
  if (!urls.prometheus || !urls.jaeger) return {};
  return {
    traces: {
      source: 'prometheus',
      prometheus: { url: urls.prometheus },
      jaeger: { url: urls.jaeger },
    },
  };
}
