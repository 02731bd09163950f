/*
 * The figures of a portal-path report as the Markdown table of
 * docs/benchmarks.md: this run, the previous run beside it, and the goal
 * of issue 13. Printed by the bench at the end.
 */

type Report = { results: Record<string, any> } | undefined;

const ms = (n: number | undefined) =>
  n === undefined || Number.isNaN(n) ? '—' : `${n} ms`;
const kb = (n: number | undefined) =>
  n === undefined ? '—' : `${(n / 1024).toFixed(1)} KB`;

function perMinute(
  counts: Record<string, number> | undefined,
  base?: Record<string, number>,
) {
  if (!counts) return '—';
  return Object.entries(counts)
    .map(([c, n]) => `${c} ${Math.round(n - (base?.[c] ?? 0))}`)
    .join(', ');
}

interface Row {
  figure: string;
  goal: string;
  ours: (r: Record<string, any>) => string;
  stock?: (r: Record<string, any>) => string;
}

function variantRows(db: string, latency: number): Row[] {
  const at = (r: Record<string, any>) => r?.[db]?.[`kube${latency}ms`];
  const one = (viewers: number) => (r: Record<string, any>) => {
    const f = at(r)?.[`oneEntity${viewers}Viewers`]?.ours;
    if (!f) return '—';
    return `${f.endToEndMs.p50} / ${f.endToEndMs.p95} ms (catalog ${f.serverTimingMs.catalog.p50}, status ${f.serverTimingMs.status.p50})`;
  };
  const oneStock = (viewers: number) => (r: Record<string, any>) => {
    const f = at(r)?.[`oneEntity${viewers}Viewers`]?.stock;
    return f ? `${f.endToEndMs.p50} / ${f.endToEndMs.p95} ms` : '—';
  };
  const where = `${db}, ${latency} ms`;
  return [
    {
      figure: `one entity, 1 viewer, p50 / p95 (server p50) — ${where}`,
      goal: 'p95 < 10 ms',
      ours: one(1),
      stock: oneStock(1),
    },
    {
      figure: `one entity, 10 viewers, p50 / p95 (server p50) — ${where}`,
      goal: 'p95 < 25 ms',
      ours: one(10),
      stock: oneStock(10),
    },
    {
      figure: `bytes per entity, overview view (full) — ${where}`,
      goal: '≤ 8 KB',
      ours: r => {
        const b = at(r)?.answerBytes;
        if (!b) return '—';
        return `${kb(b.summarySupported ? b.summary.p50 : b.full.p50)} (${kb(
          b.full.p50,
        )}; summary ${b.summarySupported ? 'served' : 'not served'})`;
      },
    },
    {
      figure: `fleet query, all services, p50 (server p50) — ${where}`,
      goal: 'p50 < 150 ms',
      ours: r => {
        const f = at(r)?.fleetQuery;
        return f ? `${ms(f.endToEndMs.p50)} (${ms(f.serverSideMs.p50)})` : '—';
      },
    },
    {
      figure: `Kubernetes requests per minute per API server above the no-view background — ${where}`,
      goal: 'reported beside stock',
      ours: r => {
        const k = at(r)?.kubeRequestsPerMinute;
        return k ? perMinute(k.ours, k.noViews) : '—';
      },
      stock: r => {
        const k = at(r)?.kubeRequestsPerMinute;
        return k ? perMinute(k.stock, k.noViews) : '—';
      },
    },
  ];
}

export function portalPathTable(current: Report, previous: Report): string {
  const cur = current?.results ?? {};
  const prev = previous?.results ?? {};
  const databases = Object.keys(cur).filter(k =>
    ['sqlite', 'postgres'].includes(k),
  );
  const latencies = new Set<number>();
  for (const db of databases)
    for (const key of Object.keys(cur[db]))
      if (/^kube\d+ms$/.test(key)) latencies.add(Number(key.slice(4, -2)));
  const rows: Row[] = [];
  for (const db of databases)
    for (const latency of latencies) rows.push(...variantRows(db, latency));
  rows.push(
    {
      figure: 'first request, fresh backend, one cluster hanging (postgres)',
      goal: '≤ 2,100 ms',
      ours: r => {
        const c = r?.postgres?.coldStartOneClusterHanging;
        return c ? `${ms(c.firstRequestMs)} (${c.firstRequestStatus})` : '—';
      },
      stock: r => {
        const c = r?.postgres?.coldStartOneClusterHanging;
        if (!c) return '—';
        return c.stock.timedOutAt15s
          ? 'still hanging at 15 s'
          : `${ms(c.stock.ms)} (${c.stock.status})`;
      },
    },
    {
      figure: 'heap per 10,000 cached objects (1,000-service fleet)',
      goal: '< 25 MB',
      ours: r => {
        const h = r?.heapPer10kCachedObjects;
        return h ? `${h.mbPer10kObjects} MB (${h.cachedObjects} objects)` : '—';
      },
    },
    {
      figure: 'scale run: heap per 10,000 / total, objects cached, sync time',
      goal: 'measured',
      ours: r => {
        const s = r?.scale;
        return s
          ? `${s.mbPer10kObjects} MB / ${s.heapDeltaMB} MB, ${s.cachedObjects} objects (${s.objectsCreated} created for ${s.services} services), ${s.syncSeconds} s`
          : '—';
      },
    },
  );
  const lines = [
    '| figure | this run | stock kubernetes backend, same run | previous run | goal |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.figure} | ${row.ours(cur)} | ${
        row.stock ? row.stock(cur) : '—'
      } | ${previous ? row.ours(prev) : 'no previous run'} | ${row.goal} |`,
    );
  }
  return lines.join('\n');
}
