import fs from 'node:fs';
import path from 'node:path';
import { KubeClient } from './kubernetes';
import { startSandbox } from './sandbox';
import { detectPrometheusBinaries } from './prometheus';
import { detectTracePipelineBinaries } from './traces';
import { repositoryRoot } from './upstreams';

const catalogDir = path.join(__dirname, 'fleet', '__fixtures__', 'catalog');

/** Jaeger's services once `wanted` is among them (or after 20 s); none without Jaeger. */
async function jaegerServices(
  jaegerUrl: string | undefined,
  wanted: string,
): Promise<string[]> {
  let services: string[] = [];
  const deadline = Date.now() + 20_000;
  while (jaegerUrl && !services.includes(wanted) && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 500));
    const body = await (await fetch(`${jaegerUrl}/api/v3/services`)).json();
    services = body.services ?? [];
  }
  return services;
}

describe('startSandbox', () => {
  it('starts every simulator on random ports and stops cleanly', async () => {
    const sandbox = await startSandbox({
      ports: 'random',
      fleet: { catalogDir },
      tickMs: 200,
    });
    try {
      const ports = [
        ...Object.values(sandbox.urls.kubernetes),
        sandbox.urls.argocd,
        sandbox.urls.vault,
        sandbox.urls.github,
        sandbox.urls.ecr,
        sandbox.urls.metrics,
        sandbox.urls.control!,
        ...[sandbox.urls.jaeger, sandbox.urls.otlp].filter((u): u is string =>
          Boolean(u),
        ),
      ].map(u => new URL(u).port);
      expect(new Set(ports).size).toBe(ports.length);
      expect(ports).not.toContain('7101');
      expect(Object.keys(sandbox.clusters)).toEqual(['dev', 'stage', 'prod']);

      // The workload is visible through each cluster's real API server, with
      // the portal's read-only token and the cluster CA, as the portal reads it.
      const readers = Object.fromEntries(
        Object.values(sandbox.clusters).map(c => [
          c.name,
          new KubeClient({ url: c.url, token: c.token, ca: c.caPem }),
        ]),
      );
      const pods = await readers.prod.list('v1', 'Pod', 'shop', {
        labelSelector: 'backstage.io/kubernetes-id=checkout',
      });
      expect(pods.items.length).toBeGreaterThanOrEqual(3);
      expect(sandbox.clusters.prod.token).toBe(sandbox.tokens.kubernetes);
      // app-config.yaml includes the CA from this file.
      expect(
        fs.readFileSync(
          path.join(repositoryRoot(), '.cache/sandbox/kubernetes-ca-data.txt'),
          'utf8',
        ),
      ).toBe(sandbox.clusters.prod.caData);
      // The workload keeps ticking against the servers without errors.
      await new Promise(r => setTimeout(r, 1000));
      expect(sandbox.workload.tickHistory.length).toBeGreaterThan(0);
      expect(sandbox.workload.tickHistory.every(t => t.errors === 0)).toBe(
        true,
      );

      // The real trace pipeline runs where its binaries are built, and
      // Jaeger soon knows the services the emitter sends spans for.
      const pipeline = detectTracePipelineBinaries();
      expect(sandbox.traces).toEqual({
        running: !pipeline.reason,
        reason: pipeline.reason,
      });
      const traced = await jaegerServices(sandbox.urls.jaeger, 'checkout');
      expect(traced.includes('checkout')).toBe(!pipeline.reason);
      const metrics = await (await fetch(sandbox.urls.metrics)).text();
      expect(metrics).toMatch(/^http_requests_total\{service="checkout"/m);
      expect(metrics).toMatch(
        /^kube_deployment_status_replicas_ready\{cluster="prod",namespace="shop",deployment="checkout"\} \d+$/m,
      );

      const binaries = detectPrometheusBinaries();
      expect(sandbox.prometheus.running).toBe(binaries.available);
      const prometheusUrls = [
        sandbox.urls.prometheus,
        sandbox.urls.alertmanager,
      ].filter((u): u is string => Boolean(u));
      const readiness = await Promise.all(
        prometheusUrls.map(u => fetch(`${u}/-/ready`).then(r => r.status)),
      );
      expect(readiness).toEqual(binaries.available ? [200, 200] : []);

      // Demo data: Argo CD Applications, Vault secrets, the GitOps repository.
      const apps = await (
        await fetch(
          `${
            sandbox.urls.argocd
          }/api/v1/applications?selector=${encodeURIComponent(
            'app.kubernetes.io/name=checkout',
          )}`,
          { headers: { Authorization: 'Bearer sandbox-argocd-token' } },
        )
      ).json();
      expect(apps.items.map((a: any) => a.metadata.name).sort()).toEqual([
        'checkout-dev',
        'checkout-prod',
        'checkout-stage',
      ]);
      expect(apps.items[0].spec.destination.namespace).toBe('shop');
      const degraded = sandbox.fleet.services.find(
        s => s.faults.lowAvailability,
      )!;
      const degradedApp = await (
        await fetch(
          `${sandbox.urls.argocd}/api/v1/applications/${degraded.name}-prod`,
          {
            headers: { Authorization: 'Bearer sandbox-argocd-token' },
          },
        )
      ).json();
      expect(degradedApp.status.health.status).toBe('Degraded');
      const secret = await (
        await fetch(`${sandbox.urls.vault}/v1/secret/data/shop/checkout`, {
          headers: { 'X-Vault-Token': 'sandbox-vault-root-token' },
        })
      ).json();
      expect(Object.keys(secret.data.data).sort()).toEqual([
        'API_KEY',
        'DATABASE_URL',
      ]);
      const gitops = await fetch(
        `${sandbox.urls.githubApi}/repos/platform/gitops`,
        {
          headers: { Authorization: 'token sandbox-github-token' },
        },
      );
      expect(gitops.status).toBe(200);

      // The control server stops and restarts one cluster.
      const control = sandbox.urls.control!;
      expect(
        (
          await fetch(`${control}/sandbox/clusters/stage/stop`, {
            method: 'POST',
          })
        ).status,
      ).toBe(200);
      await expect(readers.stage.list('v1', 'Pod')).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
      const status = await (await fetch(`${control}/sandbox/status`)).json();
      expect(status.clusters.stage.running).toBe(false);
      expect(status.clusters.prod.running).toBe(true);
      expect(
        (
          await fetch(`${control}/sandbox/clusters/stage/start`, {
            method: 'POST',
          })
        ).status,
      ).toBe(200);
      // Same port, same state: the workload kept writing meanwhile.
      expect(
        (await readers.stage.list('v1', 'Pod')).items.length,
      ).toBeGreaterThan(0);
      Object.values(readers).forEach(r => r.close());
      const unknown = await fetch(`${control}/sandbox/clusters/qa/stop`, {
        method: 'POST',
      });
      expect(unknown.status).toBe(404);
      expect((await unknown.json()).message).toMatch(
        /known clusters: dev, stage, prod/,
      );
      const badFault = await fetch(`${control}/sandbox/clusters/dev/faults`, {
        method: 'POST',
        body: JSON.stringify({ failureRate: 2 }),
      });
      expect(badFault.status).toBe(400);
    } finally {
      await sandbox.stop();
    }
    await expect(
      new KubeClient({
        url: sandbox.urls.kubernetes.prod,
        token: sandbox.tokens.kubernetes,
        ca: sandbox.clusters.prod.caPem,
      }).request('GET', '/version'),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // The Prometheus, Alertmanager, collector and Jaeger child processes are gone too.
    const after = await Promise.all(
      [
        sandbox.urls.prometheus,
        sandbox.urls.alertmanager,
        sandbox.urls.jaeger,
        sandbox.urls.otlp,
      ]
        .filter((u): u is string => Boolean(u))
        .map(u =>
          fetch(u).then(
            () => 'listening',
            () => 'gone',
          ),
        ),
    );
    expect(after.filter(state => state === 'listening')).toEqual([]);
  }, 180_000);

  it('rejects bad options before starting anything', async () => {
    await expect(startSandbox({ clusters: ['Prod'] })).rejects.toThrow(
      /cluster name 'Prod'/,
    );
    await expect(startSandbox({ clusters: ['dev', 'dev'] })).rejects.toThrow(
      /unique/,
    );
    await expect(startSandbox({ ports: 'fixed' as any })).rejects.toThrow(
      /ports must be/,
    );
  });
});
