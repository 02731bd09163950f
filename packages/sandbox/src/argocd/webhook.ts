import type { Application } from './types';
import { applicationSources } from './validation';

/*
 * Argo CD's webhook (`POST /api/webhook`, server/webhook): a Git provider's
 * push event makes Argo CD refresh at once, instead of at the next
 * reconciliation, every Application with a source in the pushed
 * repository whose targetRevision is the pushed branch (or HEAD when the
 * default branch moved). Only GitHub's `push` event is understood here.
 */

export interface GitHubPushEvent {
  ref?: string;
  repository?: {
    html_url?: string;
    clone_url?: string;
    default_branch?: string;
  };
}

/** `https://host/owner/repo.git` and `https://host/owner/repo` name the same repository. */
export function sameRepository(a: string, b: string): boolean {
  const norm = (url: string) =>
    url
      .trim()
      .toLowerCase()
      .replace(/^[a-z]+:\/\//, '')
      .replace(/\.git$/, '')
      .replace(/\/+$/, '');
  return norm(a) === norm(b);
}

/** The Applications a push event concerns. */
export function applicationsForPush(
  event: GitHubPushEvent,
  applications: Application[],
): Application[] {
  const branch = event.ref?.startsWith('refs/heads/')
    ? event.ref.slice('refs/heads/'.length)
    : undefined;
  const urls = [event.repository?.html_url, event.repository?.clone_url].filter(
    (u): u is string => typeof u === 'string' && u.length > 0,
  );
  if (!branch || urls.length === 0) return [];
  const isDefault = event.repository?.default_branch === branch;
  return applications.filter(app =>
    applicationSources(app).some(source => {
      if (!urls.some(url => sameRepository(url, source.repoURL ?? '')))
        return false;
      const revision = source.targetRevision || 'HEAD';
      return revision === branch || (revision === 'HEAD' && isDefault);
    }),
  );
}
