import { GitHubApiError, invalidRequest } from '../api/errors';

type Body = Record<string, unknown>;

const REQUIRED = [
  'required_status_checks',
  'enforce_admins',
  'required_pull_request_reviews',
  'restrictions',
] as const;

/**
 * Validates `PUT /branches/:b/protection` as GitHub does: the four top-level
 * keys are required (null disables them) and nested types are checked.
 */
export function readProtection(body: Body): Record<string, unknown> {
  for (const key of REQUIRED) {
    if (!(key in body)) throw invalidRequest(`"${key}" wasn't supplied.`);
  }
  const checks = body.required_status_checks as Body | null;
  if (checks !== null) {
    if (typeof checks !== 'object' || typeof checks.strict !== 'boolean') {
      throw invalidRequest(
        '"required_status_checks" needs "strict" (boolean) and "contexts" or "checks".',
      );
    }
    if (checks.contexts !== undefined && !isStringArray(checks.contexts)) {
      throw invalidRequest(
        '"required_status_checks.contexts" must be an array of strings.',
      );
    }
  }
  const enforceAdmins = body.enforce_admins;
  if (enforceAdmins !== null && typeof enforceAdmins !== 'boolean') {
    throw invalidRequest('"enforce_admins" must be a boolean or null.');
  }
  const reviews = body.required_pull_request_reviews as Body | null;
  if (reviews !== null) {
    if (typeof reviews !== 'object') {
      throw invalidRequest(
        '"required_pull_request_reviews" must be an object or null.',
      );
    }
    const count = reviews.required_approving_review_count;
    if (
      count !== undefined &&
      (typeof count !== 'number' || count < 0 || count > 6)
    ) {
      throw new GitHubApiError(
        422,
        'Invalid request.\n\nrequired_approving_review_count must be between 0 and 6.',
      );
    }
  }
  const restrictions = body.restrictions as Body | null;
  if (
    restrictions !== null &&
    (typeof restrictions !== 'object' ||
      !isStringArray(restrictions.users ?? []) ||
      !isStringArray(restrictions.teams ?? []))
  ) {
    throw invalidRequest(
      '"restrictions" needs "users" and "teams" arrays of strings, or null.',
    );
  }
  const flag = (key: string) => {
    const value = body[key];
    if (value !== undefined && value !== null && typeof value !== 'boolean') {
      throw invalidRequest(`"${key}" must be a boolean.`);
    }
    return Boolean(value);
  };
  return {
    required_status_checks: checks
      ? {
          strict: checks.strict,
          contexts: (checks.contexts as string[]) ?? [],
          checks: checks.checks ?? [],
        }
      : null,
    enforce_admins: Boolean(enforceAdmins),
    required_pull_request_reviews: reviews
      ? {
          dismiss_stale_reviews: Boolean(reviews.dismiss_stale_reviews),
          require_code_owner_reviews: Boolean(
            reviews.require_code_owner_reviews,
          ),
          required_approving_review_count:
            (reviews.required_approving_review_count as number) ?? 1,
          require_last_push_approval: Boolean(
            reviews.require_last_push_approval,
          ),
          bypass_pull_request_allowances:
            reviews.bypass_pull_request_allowances ?? null,
        }
      : null,
    restrictions: restrictions ?? null,
    required_linear_history: flag('required_linear_history'),
    allow_force_pushes: flag('allow_force_pushes'),
    allow_deletions: flag('allow_deletions'),
    block_creations: flag('block_creations'),
    required_conversation_resolution: flag('required_conversation_resolution'),
    lock_branch: flag('lock_branch'),
    allow_fork_syncing: flag('allow_fork_syncing'),
    required_signatures: false,
  };
}

/** The response shape: booleans become `{ enabled }`, sections get `url`s. */
export function protectionJson(p: Record<string, any>, base: string) {
  const enabled = (key: string) => ({ enabled: Boolean(p[key]) });
  return {
    url: base,
    ...(p.required_status_checks
      ? {
          required_status_checks: {
            url: `${base}/required_status_checks`,
            strict: p.required_status_checks.strict,
            contexts: p.required_status_checks.contexts,
            checks: p.required_status_checks.checks,
            contexts_url: `${base}/required_status_checks/contexts`,
          },
        }
      : {}),
    enforce_admins: {
      url: `${base}/enforce_admins`,
      enabled: p.enforce_admins,
    },
    ...(p.required_pull_request_reviews
      ? {
          required_pull_request_reviews: {
            url: `${base}/required_pull_request_reviews`,
            ...p.required_pull_request_reviews,
          },
        }
      : {}),
    ...(p.restrictions
      ? { restrictions: { url: `${base}/restrictions`, ...p.restrictions } }
      : {}),
    required_signatures: {
      url: `${base}/required_signatures`,
      enabled: Boolean(p.required_signatures),
    },
    required_linear_history: enabled('required_linear_history'),
    allow_force_pushes: enabled('allow_force_pushes'),
    allow_deletions: enabled('allow_deletions'),
    block_creations: enabled('block_creations'),
    required_conversation_resolution: enabled(
      'required_conversation_resolution',
    ),
    lock_branch: enabled('lock_branch'),
    allow_fork_syncing: enabled('allow_fork_syncing'),
  };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(v => typeof v === 'string');
}
