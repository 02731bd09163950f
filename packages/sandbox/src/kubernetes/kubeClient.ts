import https from 'node:https';

/** An object as the Kubernetes API serves it (JSON form). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    ownerReferences?: Array<Record<string, any>>;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: any;
}

/** A non-2xx answer, with the apiserver's Status reason (`AlreadyExists`, `Conflict`, …). */
export class KubeApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reason?: string,
    readonly body?: any,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

export interface KubeResource {
  /** `pods`, `deployments`, … */
  plural: string;
  namespaced: boolean;
  /** `/api/v1` or `/apis/<group>/<version>`. */
  prefix: string;
}

export interface KubeClientOptions {
  /** `https://127.0.0.1:<port>` */
  url: string;
  token: string;
  /** PEM of the CA that signed the server's certificate. */
  ca: string;
  /** Open connections per client (default 16). */
  maxSockets?: number;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
}

type Query = Record<string, string | number | boolean | undefined>;

/**
 * A small JSON client for the sandbox's own writes (the workload
 * simulator, bootstrap objects, tests): keep-alive connections with a
 * bounded pool, resource paths from the server's discovery documents.
 * Product code reads clusters with `@kubernetes/client-node`.
 */
export class KubeClient {
  private readonly agent: https.Agent;
  private readonly discovery = new Map<
    string,
    Promise<Map<string, KubeResource>>
  >();

  constructor(private readonly options: KubeClientOptions) {
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: options.maxSockets ?? 16,
      ca: options.ca,
    });
  }

  get url(): string {
    return this.options.url;
  }

  /** One request; resolves with the parsed body of a 2xx answer. */
  request<T = any>(
    method: string,
    path: string,
    options: { body?: unknown; contentType?: string; query?: Query } = {},
  ): Promise<T> {
    const url = new URL(this.options.url + path);
    for (const [k, v] of Object.entries(options.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const payload =
      options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise<T>((resolve, reject) => {
      const req = https.request(
        url,
        {
          method,
          agent: this.agent,
          timeout: this.options.timeoutMs ?? 30_000,
          headers: {
            Authorization: `Bearer ${this.options.token}`,
            Accept: 'application/json',
            ...(payload !== undefined
              ? {
                  'Content-Type': options.contentType ?? 'application/json',
                  'Content-Length': Buffer.byteLength(payload),
                }
              : {}),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: any = text;
            try {
              body = text ? JSON.parse(text) : undefined;
            } catch {
              // plain-text answers (healthz, some proxies)
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              resolve(body as T);
              return;
            }
            reject(
              new KubeApiError(
                `${method} ${url.pathname} answered ${status}: ${
                  body?.message ?? String(text).slice(0, 300)
                }`,
                status,
                body?.reason,
                body,
              ),
            );
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(
          new KubeApiError(`${method} ${url.pathname} timed out`, 0, 'Timeout'),
        ),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  private groupVersion(apiVersion: string): Promise<Map<string, KubeResource>> {
    let known = this.discovery.get(apiVersion);
    if (!known) {
      const prefix = apiVersion.includes('/')
        ? `/apis/${apiVersion}`
        : `/api/${apiVersion}`;
      known = this.request<any>('GET', prefix).then(list => {
        const byKind = new Map<string, KubeResource>();
        for (const r of list.resources ?? []) {
          if (String(r.name).includes('/')) continue; // subresources
          byKind.set(r.kind, {
            plural: r.name,
            namespaced: r.namespaced,
            prefix,
          });
        }
        return byKind;
      });
      known = known.catch(error => {
        this.discovery.delete(apiVersion);
        if (error instanceof KubeApiError && error.status === 404) {
          throw new KubeApiError(
            `the server does not serve apiVersion ${apiVersion}`,
            404,
            'NotFound',
          );
        }
        throw error;
      });
      this.discovery.set(apiVersion, known);
    }
    return known;
  }

  /** The REST resource serving `kind` in `apiVersion`, from discovery (refreshed once on a miss). */
  async resource(apiVersion: string, kind: string): Promise<KubeResource> {
    let found = (await this.groupVersion(apiVersion)).get(kind);
    if (!found) {
      // A CustomResourceDefinition may have been established since.
      this.discovery.delete(apiVersion);
      found = (await this.groupVersion(apiVersion).catch(() => undefined))?.get(
        kind,
      );
    }
    if (!found) {
      throw new KubeApiError(
        `the server does not serve kind ${kind} in ${apiVersion}`,
        404,
        'NotFound',
      );
    }
    return found;
  }

  /** Collection path (`name` absent) or object path of an object's resource. */
  async path(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name?: string,
  ): Promise<string> {
    const r = await this.resource(apiVersion, kind);
    if (r.namespaced && !namespace) {
      throw new KubeApiError(
        `${kind} ${name ?? ''} is namespaced: give metadata.namespace`,
        400,
        'BadRequest',
      );
    }
    const ns = r.namespaced
      ? `/namespaces/${encodeURIComponent(namespace!)}`
      : '';
    return `${r.prefix}${ns}/${r.plural}${
      name ? `/${encodeURIComponent(name)}` : ''
    }`;
  }

  async create(object: KubeObject, query?: Query): Promise<KubeObject> {
    const p = await this.path(
      object.apiVersion,
      object.kind,
      object.metadata.namespace,
    );
    return this.request('POST', p, { body: object, query });
  }

  /** PUT of the whole object; `metadata.resourceVersion` makes it conditional. */
  async replace(object: KubeObject): Promise<KubeObject> {
    const p = await this.path(
      object.apiVersion,
      object.kind,
      object.metadata.namespace,
      object.metadata.name,
    );
    return this.request('PUT', p, { body: object });
  }

  /** PUT of the `/status` subresource (the server keeps spec and metadata). */
  async replaceStatus(object: KubeObject): Promise<KubeObject> {
    const p = await this.path(
      object.apiVersion,
      object.kind,
      object.metadata.namespace,
      object.metadata.name,
    );
    return this.request('PUT', `${p}/status`, { body: object });
  }

  /**
   * Creates an object, then writes the status that create ignores (what
   * a controller or kubelet would report), as tests and tools need.
   */
  async createWithStatus(object: KubeObject): Promise<KubeObject> {
    const { status, ...rest } = object;
    const created = await this.create(rest as KubeObject);
    if (status === undefined) return created;
    return this.replaceStatus({ ...created, status });
  }

  async get<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): Promise<T> {
    return this.request(
      'GET',
      await this.path(apiVersion, kind, namespace, name),
    );
  }

  async list<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    namespace?: string,
    query?: Query,
  ): Promise<{ metadata: { resourceVersion: string }; items: T[] }> {
    const r = await this.resource(apiVersion, kind);
    const p =
      namespace && r.namespaced
        ? await this.path(apiVersion, kind, namespace)
        : `${r.prefix}/${r.plural}`;
    return this.request('GET', p, { query });
  }

  /**
   * Server-side apply (`PATCH` with `application/apply-patch+yaml`): the
   * server merges the fields `object` sets into the live object and records
   * `fieldManager` as their owner; `force` takes over fields another
   * manager owns, as `kubectl apply --server-side --force-conflicts` does.
   * `subresource: 'status'` applies to the status subresource only.
   */
  async apply(
    object: KubeObject,
    options: {
      fieldManager: string;
      force?: boolean;
      dryRun?: boolean;
      subresource?: 'status';
    },
  ): Promise<KubeObject> {
    const p = await this.path(
      object.apiVersion,
      object.kind,
      object.metadata.namespace,
      object.metadata.name,
    );
    return this.request(
      'PATCH',
      options.subresource ? `${p}/${options.subresource}` : p,
      {
        body: object,
        contentType: 'application/apply-patch+yaml',
        query: {
          fieldManager: options.fieldManager,
          force: options.force ? true : undefined,
          dryRun: options.dryRun ? 'All' : undefined,
        },
      },
    );
  }

  /** JSON merge patch of an object or one of its subresources (`scale`, `status`). */
  async mergePatch(
    target: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>,
    patch: unknown,
    options: { fieldManager: string; subresource?: 'scale' | 'status' },
  ): Promise<any> {
    const p = await this.path(
      target.apiVersion,
      target.kind,
      target.metadata.namespace,
      target.metadata.name,
    );
    return this.request(
      'PATCH',
      options.subresource ? `${p}/${options.subresource}` : p,
      {
        body: patch,
        contentType: 'application/merge-patch+json',
        query: { fieldManager: options.fieldManager },
      },
    );
  }

  /** `/version` of the server (`gitVersion`, `major`, `minor`, …). */
  serverVersion(): Promise<{
    gitVersion: string;
    major: string;
    minor: string;
  }> {
    return this.request('GET', '/version');
  }

  /**
   * Every API version the server serves, as `group/version` (`v1` for the
   * core group) and `group/version/Kind`: what Argo CD passes to
   * `helm template --api-versions` so charts can test capabilities.
   */
  async apiVersions(): Promise<string[]> {
    const core = await this.request<any>('GET', '/api');
    const groups = await this.request<any>('GET', '/apis');
    const versions: string[] = [
      ...(core.versions ?? []),
      ...(groups.groups ?? []).flatMap((g: any) =>
        (g.versions ?? []).map((v: any) => v.groupVersion as string),
      ),
    ];
    const kinds = await Promise.all(
      versions.map(async gv => {
        const r = await this.groupVersion(gv).catch(() => undefined);
        return r ? [...r.keys()].map(kind => `${gv}/${kind}`) : [];
      }),
    );
    return [...versions, ...kinds.flat()].sort();
  }

  /**
   * A watch (`?watch=1`) of a collection: calls `onEvent` for each event
   * the server streams (`ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK`,
   * `ERROR`) and resolves when the server ends the stream or `signal`
   * aborts it; rejects when the request fails (e.g. `410 Gone`).
   */
  async watch(
    apiVersion: string,
    kind: string,
    query: Query,
    onEvent: (event: { type: string; object: any }) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const r = await this.resource(apiVersion, kind);
    const url = new URL(`${this.options.url}${r.prefix}/${r.plural}`);
    for (const [k, v] of Object.entries({
      ...query,
      watch: 1,
      allowWatchBookmarks: true,
    })) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    await new Promise<void>((resolve, reject) => {
      const req = https.request(
        url,
        {
          method: 'GET',
          agent: this.agent,
          signal,
          headers: {
            Authorization: `Bearer ${this.options.token}`,
            Accept: 'application/json',
          },
        },
        res => {
          if ((res.statusCode ?? 0) >= 300) {
            const chunks: Buffer[] = [];
            res.on('data', c => chunks.push(c));
            res.on('end', () =>
              reject(
                new KubeApiError(
                  `WATCH ${url.pathname} answered ${res.statusCode}`,
                  res.statusCode ?? 0,
                  undefined,
                  Buffer.concat(chunks).toString(),
                ),
              ),
            );
            return;
          }
          let buffered = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffered += chunk;
            let newline = buffered.indexOf('\n');
            while (newline >= 0) {
              const line = buffered.slice(0, newline).trim();
              buffered = buffered.slice(newline + 1);
              if (line) {
                try {
                  onEvent(JSON.parse(line));
                } catch (error) {
                  // A handler that refuses an event (e.g. an ERROR event) ends the watch.
                  req.destroy();
                  reject(error);
                  return;
                }
              }
              newline = buffered.indexOf('\n');
            }
          });
          res.on('end', () => resolve());
          res.on('error', error =>
            signal?.aborted ? resolve() : reject(error),
          );
        },
      );
      req.on('error', error => (signal?.aborted ? resolve() : reject(error)));
      req.end();
    });
  }

  /** DELETE; pods go at once (`gracePeriodSeconds=0`): no kubelet confirms a graceful stop. */
  async remove(
    object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>,
  ): Promise<void> {
    const p = await this.path(
      object.apiVersion,
      object.kind,
      object.metadata.namespace,
      object.metadata.name,
    );
    await this.request('DELETE', p, {
      query: object.kind === 'Pod' ? { gracePeriodSeconds: 0 } : undefined,
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
