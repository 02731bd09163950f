import path from 'node:path';
import { startSandbox } from './sandbox';
import { detectPrometheusBinaries } from './prometheus';
import { detectTracePipelineBinaries } from './traces';

const catalogDir = path.join(__dirname, 'fleet', '__fixtures__', 'catalog');
const kubeHeaders = { Authorization: 'Bearer sandbox-kube-token' };

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

      // The workload is visible through the real API server of each cluster.
      const pods = await (
        await fetch(
          `${
            sandbox.urls.kubernetes.prod
          }/api/v1/namespaces/shop/pods?labelSelector=${encodeURIComponent(
            'backstage.io/kubernetes-id=checkout',
          )}`,
          { headers: kubeHeaders },
        )
      ).json();
      expect(pods.items.length).toBeGreaterThanOrEqual(3);

      const podMetrics = await (
        await fetch(
          `${sandbox.urls.kubernetes.prod}/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods`,
          { headers: kubeHeaders },
        )
      ).json();
      expect(podMetrics.items.length).toBeGreaterThanOrEqual(3);

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
      await expect(
        fetch(`${sandbox.urls.kubernetes.stage}/api/v1/namespaces`, {
          headers: kubeHeaders,
        }),
      ).rejects.toThrow();
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
      expect(
        (
          await fetch(`${sandbox.urls.kubernetes.stage}/api/v1/namespaces`, {
            headers: kubeHeaders,
          })
        ).status,
      ).toBe(200);
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
    await expect(fetch(sandbox.urls.kubernetes.prod)).rejects.toThrow();
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
  }, 60_000);

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
