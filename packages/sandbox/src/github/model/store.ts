import fs from 'node:fs/promises';
import path from 'node:path';
import { BareRepository } from '../git/BareRepository';
import { installProtectionHook } from '../git/protectionHook';
import { SecretBox } from '../secrets/SecretBox';

export type AccountType = 'User' | 'Organization';

export interface Account {
  id: number;
  login: string;
  type: AccountType;
}

export interface StoredVariable {
  name: string;
  value: string;
  created_at: string;
  updated_at: string;
}

export interface StoredSecret {
  name: string;
  created_at: string;
  updated_at: string;
  /** Decrypted value. Never serialised by any endpoint, as on GitHub. */
  value: string;
}

export interface StoredEnvironment {
  id: number;
  name: string;
  created_at: string;
  updated_at: string;
  wait_timer: number;
  prevent_self_review: boolean;
  reviewers: Array<{ type: 'User' | 'Team'; id: number }>;
  deployment_branch_policy: {
    protected_branches: boolean;
    custom_branch_policies: boolean;
  } | null;
  branchPolicies: Array<{ id: number; name: string; type: 'branch' | 'tag' }>;
  variables: Map<string, StoredVariable>;
  secrets: Map<string, StoredSecret>;
  secretBox: SecretBox;
}

export interface StoredPull {
  id: number;
  number: number;
  state: 'open' | 'closed';
  title: string;
  body: string | null;
  draft: boolean;
  headOwner: string;
  head: string;
  base: string;
  /** Head sha captured when the PR was merged or closed (the branch may go). */
  headShaAtClose?: string;
  baseShaAtCreate: string;
  merged: boolean;
  merge_commit_sha: string | null;
  merged_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
  requested_reviewers: string[];
  requested_teams: string[];
  assignees: string[];
  labels: string[];
}

/** Settings GitHub stores for a repo and echoes back on GET. */
export interface RepoSettings {
  description: string | null;
  homepage: string | null;
  private: boolean;
  visibility: 'public' | 'private' | 'internal';
  has_issues: boolean;
  has_projects: boolean;
  has_wiki: boolean;
  allow_squash_merge: boolean;
  allow_merge_commit: boolean;
  allow_rebase_merge: boolean;
  allow_auto_merge: boolean;
  allow_update_branch: boolean;
  delete_branch_on_merge: boolean;
  squash_merge_commit_title: string;
  squash_merge_commit_message: string;
  archived: boolean;
}

export interface StoredRepo {
  id: number;
  owner: Account;
  name: string;
  defaultBranch: string;
  settings: RepoSettings;
  created_at: string;
  updated_at: string;
  pushed_at: string | null;
  topics: string[];
  collaborators: Map<string, string>;
  teams: Map<string, string>;
  branchProtection: Map<string, Record<string, unknown>>;
  environments: Map<string, StoredEnvironment>;
  variables: Map<string, StoredVariable>;
  secrets: Map<string, StoredSecret>;
  secretBox: SecretBox;
  pulls: StoredPull[];
  /** Issue and PR numbers share one sequence, as on GitHub. */
  nextNumber: number;
  /** Accepted configuration calls (webhooks, autolinks, OIDC, …), in order. */
  recorded: Array<{ kind: string; body: unknown }>;
  /** Workflow runs created by dispatches, oldest first (nothing executes them). */
  workflowRuns: StoredWorkflowRun[];
  git: BareRepository;
}

/** One workflow run as GitHub lists it; the sandbox only queues them. */
export interface StoredWorkflowRun {
  id: number;
  name: string;
  head_branch: string;
  head_sha: string;
  event: string;
  status: string;
  conclusion: string | null;
  run_number: number;
  created_at: string;
  updated_at: string;
}

/**
 * All simulator state. Repository content lives in real bare git
 * repositories under `dataDir`; everything else is in memory.
 */
/** A branch or tag that moved, as a push webhook reports it. */
export interface PushEvent {
  repo: StoredRepo;
  ref: string;
  before: string;
  after: string;
}

export class GitHubStore {
  private nextId = 1000;
  /** Told about every ref that moved in any repository (push webhooks). */
  readonly pushListeners: Array<(event: PushEvent) => void> = [];
  readonly accounts = new Map<string, Account>();
  readonly teams = new Map<string, { id: number; org: string; slug: string }>();
  private readonly repos = new Map<string, StoredRepo>();

  constructor(readonly dataDir: string, readonly viewer: Account) {
    this.accounts.set(viewer.login.toLowerCase(), viewer);
  }

  newId(): number {
    return this.nextId++;
  }

  addAccount(login: string, type: AccountType): Account {
    const account = { id: this.newId(), login, type };
    this.accounts.set(login.toLowerCase(), account);
    return account;
  }

  account(login: string): Account | undefined {
    return this.accounts.get(login.toLowerCase());
  }

  addTeam(org: string, slug: string) {
    this.teams.set(`${org}/${slug}`.toLowerCase(), {
      id: this.newId(),
      org,
      slug,
    });
  }

  team(org: string, slug: string) {
    return this.teams.get(`${org}/${slug}`.toLowerCase());
  }

  /** Repository names are case-insensitive on GitHub. */
  repo(owner: string, name: string): StoredRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  repoById(id: number): StoredRepo | undefined {
    return [...this.repos.values()].find(r => r.id === id);
  }

  listRepos(): StoredRepo[] {
    return [...this.repos.values()].sort((a, b) => a.id - b.id);
  }

  gitDirFor(owner: string, name: string): string {
    return path.join(this.dataDir, 'repos', owner, `${name}.git`);
  }

  async createRepo(
    owner: Account,
    name: string,
    settings: RepoSettings,
    defaultBranch = 'main',
  ): Promise<StoredRepo> {
    await SecretBox.ready();
    const git = await BareRepository.init(
      this.gitDirFor(owner.login, name),
      defaultBranch,
    );
    return this.register(owner, name, settings, defaultBranch, git);
  }

  /**
   * Registers the bare repositories already under `dataDir/repos` (from an
   * earlier run with the same dataDir). Their git content survives; the
   * in-memory metadata (variables, pull requests, …) starts empty.
   */
  async discoverRepos(settings: () => RepoSettings): Promise<StoredRepo[]> {
    await SecretBox.ready();
    const found: StoredRepo[] = [];
    const root = path.join(this.dataDir, 'repos');
    for (const ownerDir of await fs.readdir(root, { withFileTypes: true })) {
      if (!ownerDir.isDirectory()) continue;
      const entries = await fs.readdir(path.join(root, ownerDir.name), {
        withFileTypes: true,
      });
      for (const entry of entries) {
        if (!entry.isDirectory() || !entry.name.endsWith('.git')) continue;
        const name = entry.name.slice(0, -'.git'.length);
        if (this.repo(ownerDir.name, name)) continue;
        const owner =
          this.account(ownerDir.name) ??
          this.addAccount(ownerDir.name, 'Organization');
        const git = new BareRepository(
          path.join(root, ownerDir.name, entry.name),
        );
        // Protection settings were in memory: start unprotected, hook current.
        await installProtectionHook(git.gitDir);
        await fs.writeFile(
          path.join(git.gitDir, 'simulator-protected-branches'),
          '',
        );
        const head = await git.git(['symbolic-ref', '--short', 'HEAD']);
        found.push(this.register(owner, name, settings(), head || 'main', git));
      }
    }
    return found;
  }

  private register(
    owner: Account,
    name: string,
    settings: RepoSettings,
    defaultBranch: string,
    git: BareRepository,
  ): StoredRepo {
    const now = timestamp();
    const repo: StoredRepo = {
      id: this.newId(),
      owner,
      name,
      defaultBranch,
      settings,
      created_at: now,
      updated_at: now,
      pushed_at: null,
      topics: [],
      collaborators: new Map(),
      teams: new Map(),
      branchProtection: new Map(),
      environments: new Map(),
      variables: new Map(),
      secrets: new Map(),
      secretBox: SecretBox.createSync(),
      pulls: [],
      nextNumber: 1,
      recorded: [],
      workflowRuns: [],
      git,
    };
    git.onRefUpdate = (ref, before, after) => {
      for (const listener of this.pushListeners)
        listener({ repo, ref, before, after });
    };
    this.repos.set(`${owner.login}/${name}`.toLowerCase(), repo);
    return repo;
  }

  async deleteRepo(repo: StoredRepo) {
    this.repos.delete(`${repo.owner.login}/${repo.name}`.toLowerCase());
    await fs.rm(repo.git.gitDir, { recursive: true, force: true });
  }

  async renameRepo(repo: StoredRepo, newName: string) {
    const target = this.gitDirFor(repo.owner.login, newName);
    await fs.rename(repo.git.gitDir, target);
    this.repos.delete(`${repo.owner.login}/${repo.name}`.toLowerCase());
    repo.name = newName;
    repo.git = new BareRepository(target);
    this.repos.set(`${repo.owner.login}/${newName}`.toLowerCase(), repo);
  }
}

/** GitHub's timestamp format: ISO 8601 without milliseconds. */
export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
