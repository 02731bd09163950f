import fs from 'node:fs';
import { startArgoCdSimulator } from './argocd';
import { ControlServer, startControlServer } from './control';
import { startEcrSimulator } from './ecr';
import { demoImageCatalog } from './ecr/demoImages';
import { buildFleet } from './fleet';
import { startGitHubSimulator } from './github';
import { startKubernetesClusters, writeCaDataFile } from './kubernetes';
import {
  detectPrometheusBinaries,
  PrometheusStack,
  SANDBOX_SCRAPE_INTERVAL,
  startMetricsExporter,
  startPrometheusStack,
} from './prometheus';
import { DEFAULT_PORTS, SANDBOX_TOKENS } from './ports';
import { startVaultSimulator } from './vault';
import {
  ApiServerSink,
  TrafficModel,
  watchLiveWorkloads,
  WorkloadSimulator,
} from './workload';
import {
  argoCdApplications,
  gitopsRepositorySeed,
  platformAppOfApps,
  seedVaultSecrets,
} from './seed';
import { defaultCatalogDir, settleAll, validate } from './sandboxSetup';
import {
  defaultTemplateUpgradeDemoDir,
  legacyServiceSeed,
  writeDemoTemplateHistory,
} from './templateUpgradeDemo';
import { planTraces, spanMetricsTarget, startTraces } from './sandboxTraces';
import type { Sandbox, SandboxOptions, SandboxUrls } from './sandboxTypes';

export { defaultCatalogDir } from './sandboxSetup';
export type { Sandbox, SandboxOptions, SandboxUrls } from './sandboxTypes';

/**
 * Starts every simulator, the workload, the exporter and (when installed)
 * Prometheus + Alertmanager and the trace pipeline (collector + Jaeger).
 */
export async function startSandbox(
  options: SandboxOptions = {},
): Promise<Sandbox> {
  const clusterNames = validate(options);
  const log = options.log ?? (() => {});
  const fixed = options.ports === 'default';
  const port = (p: number) => (fixed ? p : 0);

  const catalogDir = options.fleet?.catalogDir ?? defaultCatalogDir();
  let fleet = buildFleet({ ...options.fleet, catalogDir });
  if (fleet.services.length === 0) {
    log('No demo catalog found: running 6 synthetic services (svc-0001 …)');
    fleet = buildFleet({ ...options.fleet, catalogDir, extraServices: 6 });
  }
  const traffic = new TrafficModel(fleet);

  const closers: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    const pending = closers.splice(0).reverse();
    for (const close of pending) {
      await close().catch(error =>
        log(`sandbox: error while stopping: ${error}`),
      );
    }
  };

  try {
    // Real kube-apiservers (one etcd), each behind a TLS fault proxy.
    const kubernetes = await startKubernetesClusters({
      clusters: clusterNames.map((name, index) => ({
        name,
        port: port(
          DEFAULT_PORTS.kubernetes[name] ??
            DEFAULT_PORTS.kubernetesExtraBase + index,
        ),
      })),
      readerToken: SANDBOX_TOKENS.kubernetes,
      log,
    });
    closers.push(kubernetes.close);
    // app-config.yaml includes this file as the clusters' caData.
    writeCaDataFile(kubernetes.pki);
    const clusters = kubernetes.clusters;
    for (const cluster of Object.values(clusters)) {
      cluster.setLatency(options.kubeLatencyMs ?? 0);
    }

    // The Deployments Argo CD applies, watched like controllers watch them.
    const liveWorkloads = Object.fromEntries(
      clusterNames.map(name => [
        name,
        watchLiveWorkloads(clusters[name].client, log),
      ]),
    );
    closers.push(async () => {
      await Promise.all(Object.values(liveWorkloads).map(w => w.stop()));
    });
    await Promise.all(Object.values(liveWorkloads).map(w => w.start()));
    const workload = new WorkloadSimulator({
      fleet,
      traffic,
      liveWorkloads,
      clusters: Object.fromEntries(
        clusterNames.map(name => [
          name,
          new ApiServerSink(clusters[name].client, { log }),
        ]),
      ),
      tickMs: options.tickMs,
      rolloutChance: options.rolloutChance,
      crashChance: options.crashChance,
      seed: options.seed,
      log,
    });
    closers.push(async () => workload.stop());
    const writeStarted = Date.now();
    await workload.ready();
    log(
      `Workload: ${fleet.services.length} services written to ${
        clusterNames.length
      } clusters in ${((Date.now() - writeStarted) / 1000).toFixed(1)} s`,
    );
    workload.start();

    const track = async <T extends { close(): Promise<void> }>(
      starting: Promise<T>,
    ) => {
      const server = await starting;
      closers.push(() => server.close());
      return server;
    };
    const seed = options.demoData !== false;
    if (seed) {
      // The template-upgrade demo's template history: at the path
      // app-config.yaml names for the portal, in a temporary folder otherwise
      // (tests on random ports run side by side).
      const historyDir = writeDemoTemplateHistory(
        fixed ? defaultTemplateUpgradeDemoDir() : undefined,
      );
      if (!fixed) {
        closers.push(async () =>
          fs.rmSync(historyDir, { recursive: true, force: true }),
        );
      }
    }
    const [vault, github, ecr, exporter] = await settleAll([
      track(
        startVaultSimulator({
          port: port(DEFAULT_PORTS.vault),
          rootToken: SANDBOX_TOKENS.vault,
        }),
      ),
      track(
        startGitHubSimulator({
          port: port(DEFAULT_PORTS.github),
          token: SANDBOX_TOKENS.github,
          repositories: seed
            ? [gitopsRepositorySeed(), legacyServiceSeed()]
            : [],
          // The catalog's teams exist in the `acme` organisation, so a
          // template can require a team's review for prod deployments.
          teams: [
            'acme/developers',
            'platform/developers',
            ...new Set(fleet.services.map(service => `acme/${service.team}`)),
          ],
        }),
      ),
      track(
        startEcrSimulator({
          port: port(DEFAULT_PORTS.ecr),
          accountId: SANDBOX_TOKENS.aws.accountId,
          region: SANDBOX_TOKENS.aws.region,
          images: demoImageCatalog(fleet),
        }),
      ),
      track(
        startMetricsExporter({
          fleet,
          traffic,
          port: port(DEFAULT_PORTS.metrics),
          deployments: () => workload.readyReplicas(),
        }),
      ),
    ]);
    // Argo CD's demo Applications point at the clusters and GitHub started above.
    const argocd = await track(
      startArgoCdSimulator({
        port: port(DEFAULT_PORTS.argocd),
        token: SANDBOX_TOKENS.argocd,
        readOnlyToken: SANDBOX_TOKENS.argocdReadOnly,
        // Argo CD's repo credentials for the sandbox GitHub: merged GitOps
        // pull requests move what the Applications sync (checked every 30 s,
        // or at once with ?refresh=normal).
        repositories: [
          {
            url: `${github.url}/git/`,
            username: 'x-access-token',
            password: SANDBOX_TOKENS.github,
          },
        ],
        refreshIntervalMs: 30_000,
        // Argo CD's cluster secrets: the real API servers it deploys to,
        // with the argocd-manager token `argocd cluster add` would create.
        clusters: clusterNames.map(name => ({
          name,
          server: clusters[name].url,
          caPem: clusters[name].caPem,
          token: clusters[name].tokens.argocd,
        })),
        bootstrapApplications: seed ? [platformAppOfApps(github.url)] : [],
        log,
        applications: seed
          ? argoCdApplications(
              fleet,
              Object.fromEntries(
                clusterNames.map(name => [name, clusters[name].url]),
              ),
              github.url,
            )
          : [],
      }),
    );
    // Merged pull requests reach Argo CD at once, as GitHub's webhook does.
    github.addWebhook(`${argocd.url}/api/webhook`);
    if (seed) {
      for (const service of fleet.services.filter(
        s => s.source === 'catalog' && s.faults.lowAvailability,
      )) {
        const app = `${service.name}-prod`;
        if (clusterNames.includes('prod')) {
          argocd.setApplicationStatus(app, {
            health: 'Degraded',
            healthMessage: `Deployment "${service.name}" exceeded its progress deadline`,
          });
        }
      }
      await seedVaultSecrets(fleet, vault.url, SANDBOX_TOKENS.vault);
    }

    const tracesPlan = await planTraces(options, fixed, log);
    let prometheusStack: PrometheusStack | undefined;
    let prometheusReason: string | undefined;
    const binaries = detectPrometheusBinaries();
    if (options.prometheus === false) {
      prometheusReason = 'disabled by the prometheus option';
    } else if (!binaries.available) {
      prometheusReason = `${binaries.missing.join(
        ' and ',
      )} not installed (apt-get install prometheus prometheus-alertmanager)`;
      if (options.prometheus === true) {
        throw new Error(
          `startSandbox: prometheus: true, but ${prometheusReason}`,
        );
      }
      log(
        `Prometheus and Alertmanager are not running: ${prometheusReason}. Alerts will be empty; the rest of the sandbox works.`,
      );
    } else {
      prometheusStack = await startPrometheusStack({
        services: fleet.services.slice(0, 200),
        exporterUrl: exporter.url,
        spanMetricsTarget: spanMetricsTarget(tracesPlan),
        prometheusPort: port(DEFAULT_PORTS.prometheus),
        alertmanagerPort: port(DEFAULT_PORTS.alertmanager),
        scrapeInterval: SANDBOX_SCRAPE_INTERVAL,
        evaluationInterval: SANDBOX_SCRAPE_INTERVAL,
      });
      closers.push(() => prometheusStack!.close());
    }
    const traces = tracesPlan.running
      ? await startTraces({
          plan: tracesPlan,
          options,
          fleet,
          traffic,
          clusters: clusterNames,
          prometheusUrl: prometheusStack?.prometheusUrl,
          log,
          onStarted: close => closers.push(close),
        })
      : undefined;
    const tracesStatus = {
      running: Boolean(traces),
      reason: tracesPlan.running ? undefined : tracesPlan.reason,
    };

    const urls: SandboxUrls = {
      kubernetes: Object.fromEntries(
        clusterNames.map(name => [name, clusters[name].url]),
      ),
      argocd: argocd.url,
      vault: vault.url,
      github: github.url,
      githubApi: github.apiBaseUrl,
      githubHost: github.host,
      ecr: ecr.url,
      jaeger: traces?.pipeline.jaegerUrl,
      otlp: traces?.pipeline.otlpUrl,
      metrics: `${exporter.url}/metrics`,
      prometheus: prometheusStack?.prometheusUrl,
      alertmanager: prometheusStack?.alertmanagerUrl,
    };

    let control: ControlServer | undefined;
    if (options.control !== false) {
      control = await startControlServer({
        clusters,
        simulators: { github, argocd, vault, ecr },
        port: port(DEFAULT_PORTS.control),
        status: () => ({
          urls,
          prometheus: {
            running: Boolean(prometheusStack),
            reason: prometheusReason,
          },
          traces: tracesStatus,
          workload: {
            ticks: workload.tickCount,
            services: fleet.services.length,
            firstWrite: workload.firstWrite,
            lastTick: workload.tickHistory[workload.tickHistory.length - 1],
          },
        }),
      });
      closers.push(() => control!.close());
      urls.control = control.url;
    }

    let stopped: Promise<void> | undefined;
    return {
      urls,
      tokens: SANDBOX_TOKENS,
      clusters,
      etcd: kubernetes.etcd,
      workload,
      fleet,
      traffic,
      prometheus: {
        running: Boolean(prometheusStack),
        reason: prometheusReason,
      },
      traces: tracesStatus,
      argocd,
      vault,
      github,
      ecr,
      tracePipeline: traces?.pipeline,
      spanEmitter: traces?.emitter,
      exporter,
      stop: () => (stopped ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
