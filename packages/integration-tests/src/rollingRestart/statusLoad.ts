/*
 * A steady load of status requests through the proxy: `concurrency` loops,
 * each sending the next request when the last one answered. Every answer
 * other than 200 and every network error counts as failed.
 */
export interface LoadSample {
  at: number;
  ms: number;
  ok: boolean;
  status: number | string;
}

export class StatusLoad {
  readonly samples: LoadSample[] = [];
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly urls: string[],
    private readonly authorization: string,
    readonly concurrency = 6,
  ) {}

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.concurrency }, (_, i) =>
      this.loop(i),
    );
  }

  private async loop(offset: number): Promise<void> {
    let n = offset;
    while (this.running) {
      const url = this.urls[n++ % this.urls.length];
      const started = performance.now();
      let status: number | string;
      let ok = false;
      try {
        const res = await fetch(url, {
          headers: { authorization: this.authorization },
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        ok = res.status === 200;
        // A failure keeps the start of its body: whether the proxy or a
        // replica answered, and why.
        status = ok ? res.status : `${res.status} ${text.slice(0, 120)}`;
      } catch (error) {
        status = String((error as Error).cause ?? error);
      }
      this.samples.push({
        at: Date.now(),
        ms: performance.now() - started,
        ok,
        status,
      });
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}

/** The p-th percentile (nearest rank) of the latencies of `samples`, in ms. */
export function percentile(samples: LoadSample[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = samples.map(s => s.ms).sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}
