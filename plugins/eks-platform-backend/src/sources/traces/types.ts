import { TracesStatus } from '@internal/backstage-plugin-eks-platform-common';

/** What a metrics backend returns for a batch of services. */
export type ServiceTraces = Omit<TracesStatus, 'errorTraces' | 'jaegerUrl'>;

export interface TraceMetricsBackend {
  /** Name used in errors, e.g. `jaeger` or `prometheus`. */
  readonly upstream: string;
  /** RED figures for the given services; services without data are left out. */
  fetch(
    services: string[],
    timeoutMs: number,
    now: Date,
  ): Promise<Map<string, ServiceTraces>>;
}
