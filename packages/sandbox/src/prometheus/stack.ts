import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FleetService } from '../fleet';
import {
  alertmanagerConfig,
  prometheusConfig,
  ruleFiles,
  RULES_DIR,
} from './config';
import {
  freePort,
  ManagedProcess,
  startProcess,
  waitUntilReady,
} from '../shared/process';
import { AlertRuleTiming } from './chartRules';
import {
  findExecutable,
  isExecutableFile,
} from '../realServers/debianBinaries';

/** Debian's binaries, found on PATH or in the system folders (see findExecutable). */
export const PROMETHEUS_BINARY =
  findExecutable('prometheus') ?? '/usr/bin/prometheus';
export const ALERTMANAGER_BINARY =
  findExecutable('prometheus-alertmanager') ??
  '/usr/bin/prometheus-alertmanager';

export interface PrometheusBinaries {
  available: boolean;
  prometheus: string;
  alertmanager: string;
  /** Binaries that are not installed. */
  missing: string[];
}

/** Whether Debian's `prometheus` and `prometheus-alertmanager` packages are installed. */
export function detectPrometheusBinaries(
  prometheus = PROMETHEUS_BINARY,
  alertmanager = ALERTMANAGER_BINARY,
): PrometheusBinaries {
  const missing = [prometheus, alertmanager].filter(
    bin => !isExecutableFile(bin),
  );
  return { available: missing.length === 0, prometheus, alertmanager, missing };
}

export interface PrometheusStackOptions {
  /** Services whose chart rules are loaded and whose targets are scraped (the exporter's services). */
  services: FleetService[];
  /** Base URL of the workload metrics exporter. */
  exporterUrl: string;
  /** `host:port` of the OpenTelemetry Collector's span metrics, scraped too when given. */
  spanMetricsTarget?: string;
  /** 0 or absent: a free port. */
  prometheusPort?: number;
  alertmanagerPort?: number;
  prometheusBinary?: string;
  alertmanagerBinary?: string;
  /** Default 1s: alerts reach Alertmanager within seconds (the sandbox: {@link SANDBOX_SCRAPE_INTERVAL}). */
  scrapeInterval?: string;
  evaluationInterval?: string;
  /** Sandbox default {@link SANDBOX_RULE_TIMING}: health alerts wait 15 s instead of 5–15 m. */
  ruleTiming?: AlertRuleTiming;
  readyTimeoutMs?: number;
}

export interface PrometheusStack {
  /** Prometheus base URL. */
  url: string;
  prometheusUrl: string;
  alertmanagerUrl: string;
  /** Folder with the generated configuration and data (removed on close). */
  workDir: string;
  close(): Promise<void>;
}

/**
 * Scrape and evaluation interval of the long-running sandbox. The chart's
 * recording rules read up to 3 d of raw samples every evaluation, so their
 * cost grows with uptime; every 5 s (not 1 s) keeps a demo fleet that runs
 * for a day at a small share of a core, while alerts still fire within
 * about 15 s. Tests, which run for a minute, keep the 1 s default.
 */
export const SANDBOX_SCRAPE_INTERVAL = '5s';

/**
 * The chart's rules with the health alerts' `for:` shortened, so the demo's
 * crash-looping and pinned services alert within seconds. The burn-rate
 * alerts keep the chart's windows: with a steady fault every window shows
 * the same ratio, so they fire as soon as Prometheus has two scrapes.
 */
export const SANDBOX_RULE_TIMING: Required<AlertRuleTiming> = {
  healthFor: '15s',
};

/**
 * Starts the real Prometheus and Alertmanager from Debian's packages on
 * loopback, with generated configuration in a temporary folder: Prometheus
 * scrapes the workload exporter (a target per service), evaluates the
 * golden-path chart's rules of every service and sends firing alerts to
 * Alertmanager, which routes them by team.
 */
export async function startPrometheusStack(
  options: PrometheusStackOptions,
): Promise<PrometheusStack> {
  const binaries = detectPrometheusBinaries(
    options.prometheusBinary,
    options.alertmanagerBinary,
  );
  if (!binaries.available) {
    throw new Error(
      `Cannot start Prometheus and Alertmanager: ${binaries.missing.join(
        ' and ',
      )} not found. Install them with: apt-get install prometheus prometheus-alertmanager`,
    );
  }
  const exporter = new URL(options.exporterUrl);
  const workDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'eks-sandbox-prometheus-'),
  );
  const prometheusPort = options.prometheusPort || (await freePort());
  const alertmanagerPort = options.alertmanagerPort || (await freePort());
  const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
  const alertmanagerUrl = `http://127.0.0.1:${alertmanagerPort}`;
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;

  fs.writeFileSync(
    path.join(workDir, 'prometheus.yml'),
    prometheusConfig({
      exporterTarget: exporter.host,
      alertmanagerTarget: `127.0.0.1:${alertmanagerPort}`,
      spanMetricsTarget: options.spanMetricsTarget,
      services: options.services,
      scrapeInterval: options.scrapeInterval ?? '1s',
      evaluationInterval: options.evaluationInterval ?? '1s',
    }),
  );
  fs.mkdirSync(path.join(workDir, RULES_DIR));
  for (const [file, text] of Object.entries(
    ruleFiles(options.services, {
      ...SANDBOX_RULE_TIMING,
      ...options.ruleTiming,
    }),
  )) {
    fs.writeFileSync(path.join(workDir, RULES_DIR, file), text);
  }
  fs.writeFileSync(
    path.join(workDir, 'alertmanager.yml'),
    alertmanagerConfig(options.services.map(s => s.team)),
  );

  const processes: ManagedProcess[] = [];
  const stopAll = async () => {
    await Promise.all(processes.map(p => p.stop()));
    fs.rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const alertmanager = startProcess(
      'Alertmanager',
      binaries.alertmanager,
      [
        `--config.file=${path.join(workDir, 'alertmanager.yml')}`,
        `--storage.path=${path.join(workDir, 'alertmanager-data')}`,
        `--web.listen-address=127.0.0.1:${alertmanagerPort}`,
        // Empty: no gossip port, no HA cluster (a single local instance).
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      workDir,
    );
    processes.push(alertmanager);
    const prometheus = startProcess(
      'Prometheus',
      binaries.prometheus,
      [
        `--config.file=${path.join(workDir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(workDir, 'prometheus-data')}`,
        `--web.listen-address=127.0.0.1:${prometheusPort}`,
        '--storage.tsdb.retention.time=1d',
        // Re-send firing alerts often, so a restarted Alertmanager learns them fast.
        '--rules.alert.resend-delay=5s',
        '--log.level=warn',
      ],
      workDir,
    );
    processes.push(prometheus);
    await Promise.all([
      waitUntilReady(
        `${alertmanagerUrl}/-/ready`,
        alertmanager,
        readyTimeoutMs,
      ),
      waitUntilReady(`${prometheusUrl}/-/ready`, prometheus, readyTimeoutMs),
    ]);
  } catch (error) {
    await stopAll();
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    url: prometheusUrl,
    prometheusUrl,
    alertmanagerUrl,
    workDir,
    close: () => (closed ??= stopAll()),
  };
}
