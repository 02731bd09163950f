import type { CommitObject } from '../git/BareRepository';
import type { Account, StoredRepo } from './store';

/** Links GitHub embeds in objects; all derived from the simulator's base URLs. */
export interface Urls {
  webUrl: string;
  apiUrl: string;
}

export function accountJson(account: Account, urls: Urls) {
  const api = `${urls.apiUrl}/${
    account.type === 'Organization' ? 'orgs' : 'users'
  }/${account.login}`;
  return {
    login: account.login,
    id: account.id,
    node_id: nodeId(account.type, account.id),
    avatar_url: `${urls.webUrl}/avatars/${account.login}`,
    url: api,
    html_url: `${urls.webUrl}/${account.login}`,
    repos_url: `${api}/repos`,
    type: account.type,
    site_admin: false,
  };
}

export function repoApiUrl(repo: StoredRepo, urls: Urls): string {
  return `${urls.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
}

export function repoJson(repo: StoredRepo, urls: Urls, sizeKiB = 0) {
  const api = repoApiUrl(repo, urls);
  const html = `${urls.webUrl}/${repo.owner.login}/${repo.name}`;
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: `${repo.owner.login}/${repo.name}`,
    owner: accountJson(repo.owner, urls),
    html_url: html,
    url: api,
    fork: false,
    archive_url: `${api}/{archive_format}{/ref}`,
    trees_url: `${api}/git/trees{/sha}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    commits_url: `${api}/commits{/sha}`,
    contents_url: `${api}/contents/{+path}`,
    pulls_url: `${api}/pulls{/number}`,
    branches_url: `${api}/branches{/branch}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    clone_url: `${urls.webUrl}/git/${repo.owner.login}/${repo.name}.git`,
    git_url: `${urls.webUrl}/git/${repo.owner.login}/${repo.name}.git`,
    svn_url: html,
    ssh_url: `git@${new URL(urls.webUrl).host}:${repo.owner.login}/${
      repo.name
    }.git`,
    size: sizeKiB,
    default_branch: repo.defaultBranch,
    topics: repo.topics,
    created_at: repo.created_at,
    updated_at: repo.updated_at,
    pushed_at: repo.pushed_at,
    disabled: false,
    // The sandbox token administers every repository it can see.
    permissions: {
      admin: true,
      maintain: true,
      push: true,
      triage: true,
      pull: true,
    },
    ...repo.settings,
  };
}

export function gitCommitJson(
  repo: StoredRepo,
  commit: CommitObject,
  urls: Urls,
) {
  const api = repoApiUrl(repo, urls);
  const html = `${urls.webUrl}/${repo.owner.login}/${repo.name}`;
  return {
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${html}/commit/${commit.sha}`,
    author: commit.author,
    committer: commit.committer,
    tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
    message: commit.message.replace(/\n$/, ''),
    parents: commit.parents.map(sha => ({
      sha,
      url: `${api}/git/commits/${sha}`,
      html_url: `${html}/commit/${sha}`,
    })),
    verification: {
      verified: false,
      reason: 'unsigned',
      signature: null,
      payload: null,
    },
  };
}

/** The "commit" shape of `GET /repos/{o}/{r}/commits[/{ref}]`. */
export function repoCommitJson(
  repo: StoredRepo,
  commit: CommitObject,
  urls: Urls,
) {
  const api = repoApiUrl(repo, urls);
  const html = `${urls.webUrl}/${repo.owner.login}/${repo.name}`;
  const git = gitCommitJson(repo, commit, urls);
  return {
    sha: commit.sha,
    node_id: git.node_id,
    commit: {
      author: git.author,
      committer: git.committer,
      message: git.message,
      tree: git.tree,
      url: git.url,
      comment_count: 0,
      verification: git.verification,
    },
    url: `${api}/commits/${commit.sha}`,
    html_url: `${html}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    // Commits are not linked to GitHub accounts in the simulator.
    author: null,
    committer: null,
    parents: commit.parents.map(sha => ({
      sha,
      url: `${api}/commits/${sha}`,
      html_url: `${html}/commit/${sha}`,
    })),
  };
}

export function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`0:${kind}${id}`).toString('base64').replace(/=+$/, '');
}
