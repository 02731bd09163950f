import { ErrorTraceLink } from '@internal/backstage-plugin-eks-platform-common';
import { publicBaseUrl } from '@internal/backstage-plugin-eks-platform-node';
import { fetchUpstreamJson } from '@internal/backstage-plugin-eks-platform-node';

/** OTLP JSON as Jaeger's API v3 returns it. */
interface OtlpSpan {
  traceId: string;
  name: string;
  parentSpanId?: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  status?: { code?: number | string };
}
interface TracesData {
  result?: {
    resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: OtlpSpan[] }> }>;
  };
}

const STATUS_ERROR = new Set([2, '2', 'STATUS_CODE_ERROR']);

/** Jaeger v3 encodes ids as hex; some gateways use base64. Links need hex. */
function hexTraceId(id: string): string {
  if (/^[0-9a-f]{16,32}$/i.test(id)) return id.toLowerCase();
  return Buffer.from(id, 'base64').toString('hex');
}

/**
 * Recent traces of a service that contain an error span, found with one
 * bounded search in Jaeger's API v3. Runs in the poller only: the status
 * request path never searches traces.
 */
export async function fetchErrorTraces(options: {
  jaegerUrl: string;
  uiUrl: string;
  service: string;
  now: Date;
  lookbackMinutes: number;
  timeoutMs: number;
  limit?: number;
}): Promise<ErrorTraceLink[]> {
  const { now } = options;
  const body = await fetchUpstreamJson<TracesData>({
    upstream: 'jaeger',
    baseUrl: options.jaegerUrl,
    path: '/api/v3/traces',
    query: {
      'query.service_name': options.service,
      'query.start_time_min': new Date(
        now.getTime() - options.lookbackMinutes * 60_000,
      ).toISOString(),
      'query.start_time_max': now.toISOString(),
      'query.attributes': JSON.stringify({ error: 'true' }),
      'query.search_depth': '20',
    },
    timeoutMs: options.timeoutMs,
  });
  const byTrace = new Map<
    string,
    { root?: OtlpSpan; error?: OtlpSpan; first: OtlpSpan }
  >();
  for (const rs of body.result?.resourceSpans ?? []) {
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) {
        const entry = byTrace.get(span.traceId) ?? { first: span };
        if (!span.parentSpanId) entry.root = span;
        if (STATUS_ERROR.has(span.status?.code as never)) entry.error ??= span;
        byTrace.set(span.traceId, entry);
      }
    }
  }
  const ui = publicBaseUrl(options.uiUrl);
  const links: ErrorTraceLink[] = [];
  for (const [traceId, entry] of byTrace) {
    if (!entry.error) continue;
    const root = entry.root ?? entry.first;
    const start = BigInt(root.startTimeUnixNano);
    const end = BigInt(root.endTimeUnixNano);
    const hex = hexTraceId(traceId);
    links.push({
      traceId: hex,
      operation: root.name,
      startTime: new Date(Number(start / 1_000_000n)).toISOString(),
      durationMs: Number(end - start) / 1e6,
      url: `${ui}/trace/${hex}`,
    });
  }
  links.sort((a, b) => b.startTime.localeCompare(a.startTime));
  return links.slice(0, options.limit ?? 5);
}
