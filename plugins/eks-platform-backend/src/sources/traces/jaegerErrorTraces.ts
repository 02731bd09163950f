import { ErrorTraceLink } from '@internal/backstage-plugin-eks-platform-common';
import {
  fetchUpstreamJson,
  publicBaseUrl,
  UpstreamError,
} from '@internal/backstage-plugin-eks-platform-node';

/** OTLP JSON as Jaeger's API v3 returns it. */
interface OtlpSpan {
  traceId: string;
  name: string;
  parentSpanId?: string;
  kind?: number | string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  status?: { code?: number | string };
}
interface TracesData {
  result?: {
    resourceSpans?: Array<{
      resource?: {
        attributes?: Array<{ key: string; value?: { stringValue?: string } }>;
      };
      scopeSpans?: Array<{ spans?: OtlpSpan[] }>;
    }>;
  };
}

const STATUS_ERROR = new Set([2, '2', 'STATUS_CODE_ERROR']);
const KIND_SERVER = new Set([2, '2', 'SPAN_KIND_SERVER']);

/** Jaeger v3 encodes ids as hex; some gateways use base64. Links need hex. */
function hexTraceId(id: string): string {
  if (/^[0-9a-f]{16,32}$/i.test(id)) return id.toLowerCase();
  return Buffer.from(id, 'base64').toString('hex');
}

/** How many of the newest traces one search reads. */
const SEARCH_DEPTH = 50;

/**
 * Recent traces of a service that contain an error span, found with one
 * bounded search in Jaeger's API v3. Runs in the poller only: the status
 * request path never searches traces.
 *
 * The HTTP gateway of API v3 ignores `query.attributes` (Jaeger 2.13 builds
 * the search with an empty attribute map), so the search cannot ask for
 * errors: it reads the newest `query.num_traces` traces of the window and
 * keeps those with an error span. Jaeger's memory storage refuses a search
 * without `query.num_traces`, and answers 404 when nothing matches.
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
  const body: TracesData = await fetchUpstreamJson<TracesData>({
    upstream: 'jaeger',
    baseUrl: options.jaegerUrl,
    path: '/api/v3/traces',
    query: {
      'query.service_name': options.service,
      'query.start_time_min': new Date(
        now.getTime() - options.lookbackMinutes * 60_000,
      ).toISOString(),
      'query.start_time_max': now.toISOString(),
      'query.num_traces': String(SEARCH_DEPTH),
    },
    timeoutMs: options.timeoutMs,
  }).catch(error => {
    if (error instanceof UpstreamError && error.failure.status === 404)
      return {};
    throw error;
  });
  // A trace found for the service also holds its callers' and callees'
  // spans: only a failed span of the service itself makes it one of its
  // error traces, and the link names that span's operation (a failed SERVER
  // span first: the request the service answered with an error).
  const failed = new Map<string, OtlpSpan>();
  for (const rs of body.result?.resourceSpans ?? []) {
    const serviceName = rs.resource?.attributes?.find(
      a => a.key === 'service.name',
    )?.value?.stringValue;
    if (serviceName !== options.service) continue;
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) {
        if (!STATUS_ERROR.has(span.status?.code as never)) continue;
        const known = failed.get(span.traceId);
        if (
          !known ||
          (!KIND_SERVER.has(known.kind as never) &&
            KIND_SERVER.has(span.kind as never))
        ) {
          failed.set(span.traceId, span);
        }
      }
    }
  }
  const ui = publicBaseUrl(options.uiUrl);
  const links: ErrorTraceLink[] = [];
  for (const [traceId, span] of failed) {
    const start = BigInt(span.startTimeUnixNano);
    const end = BigInt(span.endTimeUnixNano);
    const hex = hexTraceId(traceId);
    links.push({
      traceId: hex,
      operation: span.name,
      startTime: new Date(Number(start / 1_000_000n)).toISOString(),
      durationMs: Number(end - start) / 1e6,
      url: `${ui}/trace/${hex}`,
    });
  }
  links.sort((a, b) => b.startTime.localeCompare(a.startTime));
  return links.slice(0, options.limit ?? 5);
}
