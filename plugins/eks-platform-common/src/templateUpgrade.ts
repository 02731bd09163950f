/**
 * A service's template-upgrade pull request (branch
 * `template-upgrade/v<version>`) as GitHub has it.
 *
 * @public
 */
export interface TemplateUpgradePullRequest {
  url: string;
  number: number;
  state: 'open' | 'closed' | 'merged';
}

/**
 * Where a service stands against its golden-path template
 * (GET /api/eks-platform/v1/template-upgrade/:kind/:namespace/:name), read
 * from the `eks.platform/template-*` annotations of the service and of the
 * Template entity: no repository is read.
 *
 * @public
 */
export interface TemplateUpgradeStatus {
  /** The template's entity ref, e.g. "template:default/eks-service". */
  templateRef: string;
  /** The version the service was generated from (or last upgraded to). */
  currentVersion: string;
  /** The version the Template entity carries now. */
  latestVersion: string;
  /** Whether `latestVersion` is newer than `currentVersion`. */
  behind: boolean;
  /** The pull request of the upgrade to `latestVersion`, when one exists. */
  pullRequest?: TemplateUpgradePullRequest;
}

/**
 * Body of POST …/template-upgrade/:kind/:namespace/:name/preview and
 * …/pull-request.
 *
 * @public
 */
export interface TemplateUpgradeRequest {
  /** MAJOR.MINOR.PATCH; default: the newest version of the template. */
  targetVersion?: string;
}

/** Characters of diff the preview answers with; the rest is in the pull request. @public */
export const TEMPLATE_UPGRADE_PREVIEW_DIFF_LIMIT = 200_000;

/**
 * The dry run of a service's upgrade: what the pull request would change.
 *
 * @public
 */
export interface TemplateUpgradePreview {
  templateRef: string;
  fromVersion: string;
  toVersion: string;
  /** Nothing to change: the repository has the target version's files already. */
  upToDate: boolean;
  /** The template changelog's sections between the two versions (markdown). */
  changelog: string;
  /** Files the pull request would leave with conflict markers. */
  conflicts: string[];
  changedFiles: string[];
  /** Unified diff against the default branch, cut at TEMPLATE_UPGRADE_PREVIEW_DIFF_LIMIT. */
  diff: string;
  diffTruncated: boolean;
}

/**
 * The answer of POST …/pull-request: the upgrade's pull request opened
 * (`created`), changed (`updated`), already as asked (`unchanged`), or none
 * needed (`up-to-date`).
 *
 * @public
 */
export interface TemplateUpgradePullRequestResponse {
  status: 'created' | 'updated' | 'unchanged' | 'up-to-date';
  fromVersion: string;
  toVersion: string;
  conflicts: string[];
  pullRequest?: TemplateUpgradePullRequest;
}

const TEMPLATE_VERSION =
  /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/;

/**
 * Whether `value` is a plain `MAJOR.MINOR.PATCH` version (no ranges, no
 * pre-release), as `eks.platform/template-version` holds.
 *
 * @public
 */
export function isTemplateVersion(value: unknown): value is string {
  return typeof value === 'string' && TEMPLATE_VERSION.test(value);
}

/**
 * Negative, zero or positive as `a` is older than, equal to or newer than
 * `b`; both must be template versions (check with isTemplateVersion).
 *
 * @public
 */
export function templateVersionOrder(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if (pa[i] !== pb[i]) return pa[i] - pb[i];
  }
  return 0;
}

/**
 * What the fleet knows of a service's upgrade pull request for a target
 * version: `none` when the last check found none.
 *
 * @public
 */
export type FleetUpgradePullRequestState =
  | 'none'
  | 'open'
  | 'merged'
  | 'closed';

/** Every FleetUpgradePullRequestState. @public */
export const FLEET_UPGRADE_PULL_REQUEST_STATES: readonly FleetUpgradePullRequestState[] =
  ['none', 'open', 'merged', 'closed'];

/**
 * One service's upgrade pull request as the backend recorded it (opened
 * through the portal, or found by the background refresh): read from the
 * backend's database, never from GitHub on the request path.
 *
 * @public
 */
export interface FleetUpgradePullRequest {
  entityRef: string;
  /** The template version the pull request moves the service to. */
  targetVersion: string;
  state: FleetUpgradePullRequestState;
  /** Set unless `state` is `none`. */
  url?: string;
  number?: number;
  /** Files left with conflict markers, when the portal opened it (the refresh cannot tell). */
  conflicts?: number;
  /** When GitHub last confirmed this state (ISO 8601). */
  checkedAt: string;
  /** The state is older than the refresh promises (GitHub failed or rate limited since): shown, marked stale. */
  stale: boolean;
}

/**
 * Body of POST /api/eks-platform/v1/template-upgrade/pull-requests: the
 * fleet's services (at most `status.query.maxEntities`).
 *
 * @public
 */
export interface FleetUpgradePullRequestsRequest {
  entityRefs: string[];
}

/**
 * Answer of POST /api/eks-platform/v1/template-upgrade/pull-requests: the
 * newest recorded pull request per readable service (services without a
 * record are left out), and the services the caller may not read.
 *
 * @public
 */
export interface FleetUpgradePullRequestsResponse {
  items: FleetUpgradePullRequest[];
  errors: Array<{
    entityRef: string;
    error: { name: string; message: string };
  }>;
}
