import {
  KubeApiError,
  KubeClient,
  KubeObject,
} from '../../kubernetes/kubeClient';
import { ArgoCdError, GrpcCode } from '../errors';
import type { ArgoCdStore } from '../store';
import type { AppProject } from '../types';
import { normaliseApplicationRequest } from '../validation';
import { apiVersionOf, ResourceRef } from './resources';

/*
 * Where a sync applies and a comparison reads: a destination cluster's
 * real API server (server-side apply as `argocd-controller`), or Argo CD's
 * own cluster ("in-cluster"), where the only objects the sandbox keeps are
 * Argo CD's Applications and AppProjects: an app-of-apps applying them
 * there is what makes Argo CD see them.
 */

export const FIELD_MANAGER = 'argocd-controller';

export interface ClusterInfo {
  /** The server's version, passed to `helm template --kube-version`. */
  kubeVersion?: string;
  /** `group/version` and `group/version/Kind` the server serves. */
  apiVersions: string[];
}

export interface LiveTarget {
  /** What `destination` resolved to, for messages. */
  readonly description: string;
  info(): Promise<ClusterInfo>;
  /** Whether the kind is namespaced; throws when the server does not serve it. */
  namespaced(apiVersion: string, kind: string): Promise<boolean>;
  get(ref: ResourceRef): Promise<KubeObject | undefined>;
  apply(object: KubeObject, options: { dryRun?: boolean }): Promise<void>;
  remove(ref: ResourceRef): Promise<void>;
  namespaceExists(name: string): Promise<boolean>;
  /** CreateNamespace=true with managedNamespaceMetadata's labels and annotations. */
  ensureNamespace(
    name: string,
    metadata?: {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    },
  ): Promise<void>;
}

/** Argo CD's message when the destination does not serve a kind. */
export function missingKindMessage(ref: ResourceRef): string {
  return `The Kubernetes API could not find ${
    ref.group ? `${ref.group}/` : ''
  }${ref.kind} for requested resource ${
    ref.namespace ? `${ref.namespace}/` : ''
  }${ref.name}. Make sure the "${
    ref.kind
  }" CRD is installed on the destination cluster.`;
}

const INFO_TTL_MS = 60_000;

export class KubeTarget implements LiveTarget {
  private info$?: { at: number; value: Promise<ClusterInfo> };

  constructor(
    readonly description: string,
    private readonly client: KubeClient,
  ) {}

  info(): Promise<ClusterInfo> {
    if (!this.info$ || Date.now() - this.info$.at > INFO_TTL_MS) {
      const value = Promise.all([
        this.client.serverVersion(),
        this.client.apiVersions(),
      ]).then(([version, apiVersions]) => ({
        kubeVersion: version.gitVersion,
        apiVersions,
      }));
      value.catch(() => {
        this.info$ = undefined;
      });
      this.info$ = { at: Date.now(), value };
    }
    return this.info$.value;
  }

  async namespaced(apiVersion: string, kind: string): Promise<boolean> {
    return (await this.client.resource(apiVersion, kind)).namespaced;
  }

  async get(ref: ResourceRef): Promise<KubeObject | undefined> {
    try {
      return await this.client.get(
        apiVersionOf(ref),
        ref.kind,
        ref.namespace,
        ref.name,
      );
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404)
        return undefined;
      throw error;
    }
  }

  async apply(object: KubeObject, options: { dryRun?: boolean }) {
    await this.client.apply(object, {
      fieldManager: FIELD_MANAGER,
      force: true,
      dryRun: options.dryRun,
    });
  }

  async remove(ref: ResourceRef): Promise<void> {
    try {
      await this.client.remove({
        apiVersion: apiVersionOf(ref),
        kind: ref.kind,
        metadata: { name: ref.name, namespace: ref.namespace },
      });
    } catch (error) {
      if (!(error instanceof KubeApiError && error.status === 404)) throw error;
    }
  }

  async namespaceExists(name: string): Promise<boolean> {
    return (
      (await this.get({
        group: '',
        version: 'v1',
        kind: 'Namespace',
        name,
      })) !== undefined
    );
  }

  async ensureNamespace(
    name: string,
    metadata: {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    } = {},
  ): Promise<void> {
    if (!metadata.labels && !metadata.annotations) {
      if (await this.namespaceExists(name)) return;
    }
    await this.apply(
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name, ...metadata },
      },
      {},
    );
  }
}

const ARGO_GROUP = 'argoproj.io';

/** Argo CD's own cluster, as far as the sandbox keeps it: its Applications and AppProjects. */
export class InClusterTarget implements LiveTarget {
  readonly description = 'in-cluster (https://kubernetes.default.svc)';

  constructor(private readonly store: ArgoCdStore) {}

  async info(): Promise<ClusterInfo> {
    return {
      apiVersions: [
        'v1',
        `${ARGO_GROUP}/v1alpha1`,
        `${ARGO_GROUP}/v1alpha1/Application`,
        `${ARGO_GROUP}/v1alpha1/AppProject`,
      ],
    };
  }

  private supported(apiVersion: string, kind: string): void {
    if (
      apiVersion !== `${ARGO_GROUP}/v1alpha1` ||
      !['Application', 'AppProject'].includes(kind)
    ) {
      throw new KubeApiError(
        `the sandbox's in-cluster destination holds only Argo CD Applications and AppProjects, not ${apiVersion} ${kind}`,
        404,
        'NotFound',
      );
    }
  }

  async namespaced(apiVersion: string, kind: string): Promise<boolean> {
    this.supported(apiVersion, kind);
    return true;
  }

  async get(ref: ResourceRef): Promise<KubeObject | undefined> {
    this.supported(apiVersionOf(ref), ref.kind);
    try {
      return (ref.kind === 'Application'
        ? this.store.getApplication(ref.name)
        : this.store.getProject(ref.name)) as unknown as KubeObject;
    } catch (error) {
      if (error instanceof ArgoCdError && error.code === GrpcCode.NotFound)
        return undefined;
      throw error;
    }
  }

  async apply(object: KubeObject, options: { dryRun?: boolean }) {
    this.supported(object.apiVersion, object.kind);
    try {
      if (object.kind === 'Application') {
        const request = normaliseApplicationRequest(object);
        if (!options.dryRun) this.store.createApplication(request, true, false);
      } else if (!options.dryRun) {
        this.store.createProject(object as unknown as AppProject, true);
      }
    } catch (error) {
      if (error instanceof ArgoCdError) {
        throw new KubeApiError(error.message, 422, 'Invalid');
      }
      throw error;
    }
  }

  async remove(ref: ResourceRef): Promise<void> {
    try {
      if (ref.kind === 'Application') this.store.deleteApplication(ref.name);
      else this.store.deleteProject(ref.name);
    } catch (error) {
      if (error instanceof ArgoCdError && error.code === GrpcCode.NotFound)
        return;
      if (error instanceof ArgoCdError)
        throw new KubeApiError(error.message, 409, 'Conflict');
      throw error;
    }
  }

  async namespaceExists(): Promise<boolean> {
    return true;
  }

  async ensureNamespace(): Promise<void> {}
}
