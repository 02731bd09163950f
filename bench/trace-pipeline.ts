/*
 * What the real trace pipeline costs and how fast it is, under the sandbox's
 * span emitter: CPU and memory of the OpenTelemetry Collector, Jaeger,
 * Prometheus and the emitting Node process, and the time from a span's
 * emission to its being visible in Prometheus (span metrics) and in Jaeger
 * (API v3). Run from the repository root:
 *
 *   yarn bench:traces                       # the demo catalog, then 1,000 services
 *   BENCH_TRACES_SECONDS=30 yarn bench:traces
 *
 * Writes bench/results/trace-pipeline-<time>.json and trace-pipeline-latest.json.
 */
/* eslint-disable no-console */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  buildFleet,
  defaultCatalogDir,
  startTracingStack,
  TracingStack,
  tracingStackAvailability,
} from '@internal/eks-platform-sandbox';
import { summary } from './lib/stats';

const SECONDS = Number(process.env.BENCH_TRACES_SECONDS ?? 60);
const PROBES = 10;
const CLUSTERS = ['dev', 'stage', 'prod'];
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function cpuTicks(pid: number): number {
  const fields = fs
    .readFileSync(`/proc/${pid}/stat`, 'utf8')
    .split(') ')[1]
    .split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

function rssMb(pid: number): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find(l => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

function prometheusPid(stack: TracingStack): number {
  const port = new URL(stack.prometheus.prometheusUrl).port;
  const out = execSync(`ps -eo pid,args`, { encoding: 'utf8' });
  const line = out
    .split('\n')
    .find(l => l.includes(`--web.listen-address=127.0.0.1:${port}`))!;
  return Number(line.trim().split(/\s+/)[0]);
}

async function until(check: () => Promise<boolean>, timeoutMs = 30_000) {
  const start = Date.now();
  while (!(await check().catch(() => false))) {
    if (Date.now() - start > timeoutMs) throw new Error('probe not visible');
    await new Promise(r => setTimeout(r, 20));
  }
  return Date.now() - start;
}

/** One span of a probe service with a known trace id, then how long until each store shows it. */
async function probe(stack: TracingStack, n: number) {
  const traceId = randomBytes(16).toString('hex');
  const service = `latency-probe-${n}`;
  const now = BigInt(Date.now()) * 1_000_000n;
  const sent = Date.now();
  const res = await fetch(`${stack.pipeline.otlpUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      resourceSpans: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: service } },
            ],
          },
          scopeSpans: [
            {
              spans: [
                {
                  traceId,
                  spanId: randomBytes(8).toString('hex'),
                  name: 'GET /probe',
                  kind: 2,
                  startTimeUnixNano: String(now - 5_000_000n),
                  endTimeUnixNano: String(now),
                },
              ],
            },
          ],
        },
      ],
    }),
  });
  if (!res.ok) throw new Error(`collector refused the probe: ${res.status}`);
  const [jaegerMs, prometheusMs] = await Promise.all([
    until(
      async () =>
        (
          await fetch(`${stack.pipeline.jaegerUrl}/api/v3/traces/${traceId}`)
        ).ok,
    ).then(() => Date.now() - sent),
    until(async () => {
      const q = encodeURIComponent(
        `traces_span_metrics_calls_total{service_name="${service}"}`,
      );
      const body = await (
        await fetch(`${stack.prometheus.prometheusUrl}/api/v1/query?query=${q}`)
      ).json();
      return body.data.result.length > 0;
    }).then(() => Date.now() - sent),
  ]);
  return { jaegerMs, prometheusMs };
}

async function measure(name: string, extraServices: number) {
  const catalogDir = defaultCatalogDir();
  const fleet = buildFleet({ catalogDir, extraServices });
  console.log(
    `\n== ${name}: ${fleet.services.length} services × ${CLUSTERS.length} clusters, ${SECONDS} s`,
  );
  const stack = await startTracingStack({ fleet, clusters: CLUSTERS });
  try {
    await new Promise(r => setTimeout(r, 5000)); // past start-up
    const pids = {
      collector: stack.pipeline.processes[1].child.pid!,
      jaeger: stack.pipeline.processes[0].child.pid!,
      prometheus: prometheusPid(stack),
    };
    const before = Object.fromEntries(
      Object.entries(pids).map(([k, pid]) => [k, cpuTicks(pid)]),
    );
    const nodeBefore = process.cpuUsage();
    const spansBefore = stack.emitter.stats.spans;
    const started = Date.now();
    const rss: Record<string, number[]> = {
      collector: [],
      jaeger: [],
      prometheus: [],
      emitter: [],
    };
    while (Date.now() - started < SECONDS * 1000) {
      await new Promise(r => setTimeout(r, 5000));
      for (const [k, pid] of Object.entries(pids)) rss[k].push(rssMb(pid));
      rss.emitter.push(process.memoryUsage().rss / 1024 / 1024);
    }
    const elapsed = (Date.now() - started) / 1000;
    const cpu: Record<string, number> = Object.fromEntries(
      Object.entries(pids).map(([k, pid]) => [
        k,
        (cpuTicks(pid) - before[k]) / TICKS_PER_SECOND / elapsed,
      ]),
    );
    const node = process.cpuUsage(nodeBefore);
    // The whole Node process: emitter plus the benchmark's own polling.
    cpu.emitter = (node.user + node.system) / 1e6 / elapsed;
    const latencies = [];
    for (let i = 0; i < PROBES; i++) latencies.push(await probe(stack, i));
    const result = {
      services: fleet.services.length,
      tracedServices: stack.emitter.services.length,
      clusters: CLUSTERS.length,
      sampling: stack.emitter.sampling,
      spansPerSecond:
        Math.round(((stack.emitter.stats.spans - spansBefore) / elapsed) * 10) /
        10,
      droppedSpans: stack.emitter.stats.droppedSpans,
      failedBatches: stack.emitter.stats.failedBatches,
      cpuCores: Object.fromEntries(
        Object.entries(cpu).map(([k, v]) => [k, Math.round(v * 1000) / 1000]),
      ),
      rssMb: Object.fromEntries(
        Object.entries(rss).map(([k, v]) => [k, Math.round(Math.max(...v))]),
      ),
      emissionToVisibleMs: {
        jaeger: summary(latencies.map(l => l.jaegerMs)),
        prometheus: summary(latencies.map(l => l.prometheusMs)),
      },
    };
    console.log(JSON.stringify(result, null, 2));
    return result;
  } finally {
    await stack.close();
  }
}

async function main() {
  const availability = tracingStackAvailability();
  if (!availability.available) {
    throw new Error(
      `the trace pipeline cannot run here: ${availability.reason}`,
    );
  }
  const demo = await measure('demo catalog', 0);
  const large = await measure('1,000 services', 1000 - demo.services);
  const commit = execSync('git rev-parse --short HEAD', {
    encoding: 'utf8',
  }).trim();
  const dirty = execSync('git status --porcelain', { encoding: 'utf8' }).trim()
    ? '-dirty'
    : '';
  const out = {
    at: new Date().toISOString(),
    commit: `${commit}${dirty}`,
    seconds: SECONDS,
    demo,
    large,
  };
  const dir = path.join(__dirname, 'results');
  const stamp = out.at.replace(/[:.]/g, '-');
  fs.writeFileSync(
    path.join(dir, `trace-pipeline-${stamp}.json`),
    `${JSON.stringify(out, null, 2)}\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'trace-pipeline-latest.json'),
    `${JSON.stringify(out, null, 2)}\n`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
