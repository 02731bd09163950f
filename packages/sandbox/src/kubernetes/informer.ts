import { KubeApiError, KubeClient, KubeObject } from './kubeClient';

/*
 * A small informer, as controllers keep one: LIST a collection once, then
 * WATCH it from that resourceVersion and keep the objects in memory. A
 * watch the server ends (its timeout) resumes from the last version seen
 * (bookmarks included); a `410 Gone` or any failure re-LISTs after a short
 * pause. Readers take `items()` whenever they need the current state, so
 * they never issue a request of their own.
 */

export interface InformerOptions {
  apiVersion: string;
  kind: string;
  /** Only objects with these labels (`backstage.io/kubernetes-id`, …). */
  labelSelector?: string;
  /** Server-side watch timeout; the watch resumes after it (default 300 s). */
  watchTimeoutSeconds?: number;
  /** Pause before re-listing after an error (default 1 s). */
  retryDelayMs?: number;
  log?: (message: string) => void;
}

const keyOf = (o: KubeObject) =>
  `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export class Informer {
  private readonly objects = new Map<string, KubeObject>();
  private readonly abort = new AbortController();
  private resourceVersion?: string;
  private listed = false;
  private readonly firstList: Promise<void>;
  private resolveFirstList!: () => void;
  private running?: Promise<void>;

  constructor(
    private readonly client: KubeClient,
    private readonly options: InformerOptions,
  ) {
    this.firstList = new Promise(resolve => {
      this.resolveFirstList = resolve;
    });
  }

  /** Starts listing and watching; resolves once the first LIST is in. */
  start(): Promise<void> {
    this.running ??= this.loop();
    return this.firstList;
  }

  /** Whether the first LIST is in (an empty cache then means "nothing there"). */
  get synced(): boolean {
    return this.listed;
  }

  items(): KubeObject[] {
    return [...this.objects.values()];
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running?.catch(() => {});
  }

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        if (!this.resourceVersion) await this.list();
        await this.client.watch(
          this.options.apiVersion,
          this.options.kind,
          {
            labelSelector: this.options.labelSelector,
            resourceVersion: this.resourceVersion,
            timeoutSeconds: this.options.watchTimeoutSeconds ?? 300,
          },
          event => this.onEvent(event),
          signal,
        );
      } catch (error) {
        if (signal.aborted) return;
        // 410 Gone or a broken connection: start over from a fresh LIST.
        this.resourceVersion = undefined;
        if (!(error instanceof KubeApiError && error.status === 410)) {
          this.options.log?.(
            `informer ${this.options.kind}: ${(error as Error).message}`,
          );
          await new Promise(r =>
            setTimeout(r, this.options.retryDelayMs ?? 1000).unref(),
          );
        }
      }
    }
  }

  private async list(): Promise<void> {
    const list = await this.client.list(
      this.options.apiVersion,
      this.options.kind,
      undefined,
      { labelSelector: this.options.labelSelector },
    );
    this.objects.clear();
    for (const item of list.items) {
      this.objects.set(keyOf(item), {
        ...item,
        apiVersion: this.options.apiVersion,
        kind: this.options.kind,
      });
    }
    this.resourceVersion = list.metadata.resourceVersion;
    if (!this.listed) {
      this.listed = true;
      this.resolveFirstList();
    }
  }

  private onEvent(event: { type: string; object: any }): void {
    const object = event.object as KubeObject;
    if (event.type === 'ERROR') {
      // A Status object: the version is too old (410) or the watch broke.
      this.resourceVersion = undefined;
      throw new KubeApiError(
        `watch ${this.options.kind}: ${object?.message ?? 'error event'}`,
        Number((object as any)?.code ?? 0),
        (object as any)?.reason,
      );
    }
    if (object?.metadata?.resourceVersion)
      this.resourceVersion = object.metadata.resourceVersion;
    if (event.type === 'BOOKMARK') return;
    if (event.type === 'DELETED') this.objects.delete(keyOf(object));
    else this.objects.set(keyOf(object), object);
  }
}
