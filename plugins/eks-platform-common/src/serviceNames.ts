/**
 * What `GET /api/eks-platform/v1/names/:name/availability` says about the
 * repository a new service of that name would get, in the platform's
 * GitHub organisation(s) (`eksPlatform.tenancy.githubOrganizations`):
 *
 * - `free`: no repository of that name (or only an empty one, which the
 *   golden path publishes into, as eks:service:preflight does);
 * - `taken-by-repository`: a repository of that name exists and does not
 *   declare this service for one of the caller's teams: the run would stop
 *   at its preflight step, so the form refuses the name on its first step;
 * - `yours`: the repository declares this service with an owner the caller
 *   is a member of: creating it again re-runs the golden path.
 *
 * `message` is one plain sentence for the form (absent when free).
 */
export interface ServiceNameAvailability {
  name: string;
  state: 'free' | 'taken-by-repository' | 'yours';
  /** `owner/name` of the repository that decided the state. */
  repository?: string;
  message?: string;
}

/** The golden path's service name: a DNS-1123 label of 2 to 40 characters. */
export const SERVICE_NAME_PATTERN = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const SERVICE_NAME_MAX_LENGTH = 40;
export const SERVICE_NAME_MIN_LENGTH = 2;

/** Whether `value` is a service name the golden-path form accepts. */
export function isServiceName(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= SERVICE_NAME_MIN_LENGTH &&
    value.length <= SERVICE_NAME_MAX_LENGTH &&
    SERVICE_NAME_PATTERN.test(value)
  );
}
