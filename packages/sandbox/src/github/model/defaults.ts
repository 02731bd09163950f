import type { RepoSettings } from './store';

/** What GitHub stores for a new repository when the request leaves a field out. */
export function defaultSettings(): RepoSettings {
  return {
    description: null,
    homepage: null,
    private: false,
    visibility: 'public',
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_rebase_merge: true,
    allow_auto_merge: false,
    allow_update_branch: false,
    delete_branch_on_merge: false,
    squash_merge_commit_title: 'COMMIT_OR_PR_TITLE',
    squash_merge_commit_message: 'COMMIT_MESSAGES',
    archived: false,
  };
}
