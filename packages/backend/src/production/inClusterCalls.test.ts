import fs from 'node:fs';
import path from 'node:path';
import { HostDiscovery } from '@backstage/backend-defaults/discovery';
import { ConfigReader } from '@backstage/config';
import { parseAllDocuments } from 'yaml';
import { readRepoConfig, REPO_ROOT } from '../__testUtils__/repoConfig';

/*
 * Issue 14: a replica that got SIGTERM finishes its scaffolder task after
 * closing its own HTTP server, so its plugin-to-plugin calls must go through
 * the portal's Service to the other replicas. This ties the production
 * config (discovery, graceful shutdown) to what deploy/portal really renders
 * (the Service, the NetworkPolicy, the grace period), so neither side can
 * change alone.
 */

/** Every `${VAR}` of the production config gets a placeholder, but PORTAL_INTERNAL_URL. */
const ENV: Record<string, string> = new Proxy(
  {
    BACKEND_BASE_URL: 'https://portal.example.com',
    PORT: '7007',
  } as Record<string, string>,
  {
    // Left unset, as a deployment under the chart's names leaves it.
    get: (vars, name: string) =>
      name === 'PORTAL_INTERNAL_URL' ? undefined : vars[name] ?? `x-${name}`,
  },
);

const ENVIRONMENTS = ['dev', 'stage', 'prod'];

async function productionDiscovery(env: Record<string, string>) {
  const config = await readRepoConfig(
    ['app-config.yaml', 'app-config.production.yaml'],
    env,
  );
  return {
    config,
    discovery: HostDiscovery.fromConfig(new ConfigReader(config)),
  };
}

function rendered(env: string): Array<Record<string, any>> {
  const text = fs.readFileSync(
    path.join(REPO_ROOT, 'deploy/portal/rendered', `${env}.yaml`),
    'utf8',
  );
  return parseAllDocuments(text)
    .map(doc => doc.toJS())
    .filter(Boolean);
}

const sameApp = (namespace: string, name: string) => (peer: any) =>
  peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ===
    namespace &&
  peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === name;

describe('in-cluster calls between portal replicas', () => {
  it("sends every plugin's internal calls to the Service, and browsers' to the public URL", async () => {
    const { discovery } = await productionDiscovery(ENV);
    for (const plugin of ['catalog', 'auth', 'scaffolder', 'eks-platform']) {
      await expect(discovery.getBaseUrl(plugin)).resolves.toBe(
        `http://backstage.backstage.svc.cluster.local/api/${plugin}`,
      );
      await expect(discovery.getExternalBaseUrl(plugin)).resolves.toBe(
        `https://portal.example.com/api/${plugin}`,
      );
    }
  });

  it('takes another in-cluster address from PORTAL_INTERNAL_URL', async () => {
    const { discovery } = await productionDiscovery(
      new Proxy({} as Record<string, string>, {
        get: (_vars, name: string) =>
          name === 'PORTAL_INTERNAL_URL'
            ? 'http://portal.tools.svc.cluster.local'
            : ENV[name],
      }),
    );
    await expect(discovery.getBaseUrl('catalog')).resolves.toBe(
      'http://portal.tools.svc.cluster.local/api/catalog',
    );
  });

  it('finishes running scaffolder tasks on SIGTERM and resumes those of a killed replica', async () => {
    const { config } = await productionDiscovery(ENV);
    expect(config.scaffolder).toMatchObject({
      EXPERIMENTAL_gracefulShutdown: true,
      taskRecovery: { enabled: true },
    });
  });

  it.each(ENVIRONMENTS)(
    'reaches the Service the %s chart renders, whose pods let each other in and out on the http port',
    async env => {
      const docs = rendered(env);
      const { discovery } = await productionDiscovery(ENV);
      const internal = new URL(await discovery.getBaseUrl('catalog'));
      const [serviceName, namespace] = internal.hostname.split('.');
      const service = docs.find(
        d => d.kind === 'Service' && d.metadata.name === serviceName,
      );
      expect(service?.metadata.namespace).toBe(namespace);
      // No port in the URL: the Service must listen on 80 and send it to
      // the backend's port.
      expect(internal.port).toBe('');
      expect(service!.spec.ports).toContainEqual(
        expect.objectContaining({ port: 80, targetPort: 'http' }),
      );
      const deployment = docs.find(d => d.kind === 'Deployment')!;
      const appName =
        deployment.spec.template.metadata.labels['app.kubernetes.io/name'];
      expect(service!.spec.selector['app.kubernetes.io/name']).toBe(appName);

      const policies = docs.filter(d => d.kind === 'NetworkPolicy');
      const self = sameApp(namespace, appName);
      const onHttp = (rule: any) =>
        (rule.ports ?? []).some((p: any) => p.port === 'http');
      expect(
        policies
          .flatMap(p => p.spec.ingress ?? [])
          .some(rule => onHttp(rule) && (rule.from ?? []).some(self)),
      ).toBe(true);
      expect(
        policies
          .flatMap(p => p.spec.egress ?? [])
          .some(rule => onHttp(rule) && (rule.to ?? []).some(self)),
      ).toBe(true);

      // A task of 10-20 s finishes inside the grace period after preStop
      // and the drain delay.
      const pod = deployment.spec.template.spec;
      const preStopSeconds = pod.containers[0].lifecycle.preStop.sleep.seconds;
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(
        preStopSeconds + 10 + 20,
      );
    },
  );
});
