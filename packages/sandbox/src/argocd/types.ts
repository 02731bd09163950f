/*
 * The subset of Argo CD's v1alpha1 Application and AppProject types the
 * simulator stores and the product reads. Unknown fields sent by clients are
 * kept as they are (Argo CD stores the whole object).
 */

export type SyncStatusCode = 'Synced' | 'OutOfSync' | 'Unknown';
export type HealthStatusCode =
  | 'Healthy'
  | 'Progressing'
  | 'Degraded'
  | 'Suspended'
  | 'Missing'
  | 'Unknown';
export type OperationPhase =
  | 'Running'
  | 'Succeeded'
  | 'Failed'
  | 'Error'
  | 'Terminating';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
}

export interface ApplicationSource {
  repoURL: string;
  path?: string;
  chart?: string;
  ref?: string;
  targetRevision?: string;
  helm?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ApplicationDestination {
  server?: string;
  name?: string;
  namespace?: string;
}

export interface ApplicationSpec {
  project: string;
  source?: ApplicationSource;
  sources?: ApplicationSource[];
  destination: ApplicationDestination;
  syncPolicy?: {
    automated?: { prune?: boolean; selfHeal?: boolean; allowEmpty?: boolean };
    syncOptions?: string[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface OperationState {
  operation: {
    sync: {
      revision?: string;
      /** Multi-source apps: one revision per source. */
      revisions?: string[];
      prune?: boolean;
      dryRun?: boolean;
      syncOptions?: string[];
    };
    initiatedBy: { username?: string; automated?: boolean };
  };
  phase: OperationPhase;
  message: string;
  startedAt: string;
  finishedAt?: string;
  /** How often a failed operation was retried (syncPolicy.retry). */
  retryCount?: number;
  syncResult?: {
    revision: string;
    revisions?: string[];
    source?: ApplicationSource;
    sources?: ApplicationSource[];
    /** Per resource: Synced, SyncFailed, Pruned, PruneSkipped, with a message. */
    resources?: unknown[];
  };
}

export interface ApplicationStatus {
  sync: {
    status: SyncStatusCode;
    /** Single-source apps: the commit (or chart version) synced. */
    revision?: string;
    /** Multi-source apps: one per source, in `spec.sources` order. */
    revisions?: string[];
    comparedTo: {
      source?: ApplicationSource;
      sources?: ApplicationSource[];
      destination: ApplicationDestination;
    };
  };
  health: { status: HealthStatusCode; message?: string };
  reconciledAt: string;
  /** The managed resources with their sync status and health (deploying apps only). */
  resources?: unknown[];
  /** ComparisonError, SyncError, … when the controller could not compare or sync. */
  conditions?: Array<{
    type: string;
    message: string;
    lastTransitionTime?: string;
  }>;
  operationState?: OperationState;
  history?: Array<{
    id: number;
    revision: string;
    revisions?: string[];
    deployedAt: string;
    deployStartedAt: string;
    source?: ApplicationSource;
    sources?: ApplicationSource[];
  }>;
  sourceType?: string;
}

export interface Application {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'Application';
  metadata: ObjectMeta;
  spec: ApplicationSpec;
  operation?: OperationState['operation'];
  status: ApplicationStatus;
}

/** What clients send to create or update an Application (status is the controller's). */
export type ApplicationRequest = Pick<Application, 'metadata' | 'spec'> & {
  apiVersion?: string;
  kind?: string;
};

export interface AppProject {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'AppProject';
  metadata: ObjectMeta;
  spec: {
    description?: string;
    sourceRepos?: string[];
    destinations?: ApplicationDestination[];
    clusterResourceWhitelist?: Array<{ group: string; kind: string }>;
    namespaceResourceBlacklist?: Array<{ group: string; kind: string }>;
    [key: string]: unknown;
  };
  status?: Record<string, unknown>;
}
