import {
  GitHubApiError,
  invalidRequest,
  notFound,
  optionalBoolean,
  optionalString,
  requireString,
} from '../api/errors';
import { findRepo, urlsOf } from '../api/lookup';
import { paginate } from '../api/pagination';
import type { RouteContext, Router } from '../api/router';
import { commitFiles } from '../model/commitFiles';
import { defaultSettings } from '../model/defaults';
import { repoJson } from '../model/serializers';
import { Account, RepoSettings, StoredRepo, timestamp } from '../model/store';

const BOOLEAN_SETTINGS = [
  'has_issues',
  'has_projects',
  'has_wiki',
  'allow_squash_merge',
  'allow_merge_commit',
  'allow_rebase_merge',
  'allow_auto_merge',
  'allow_update_branch',
  'delete_branch_on_merge',
  'archived',
] as const;

/** Repository create/get/update/delete and listings. */
export function registerRepoRoutes(router: Router) {
  router.add('POST', '/orgs/:org/repos', async ctx => {
    const org = ctx.store.account(ctx.params.org);
    if (!org || org.type !== 'Organization') throw notFound();
    return createRepo(ctx, org);
  });
  router.add('POST', '/user/repos', async ctx =>
    createRepo(ctx, ctx.store.viewer),
  );

  router.add('GET', '/repos/:owner/:repo', async ctx => {
    const repo = findRepo(ctx);
    return { status: 200, body: await fullRepoJson(ctx, repo) };
  });

  router.add('PATCH', '/repos/:owner/:repo', async ctx => {
    const repo = findRepo(ctx);
    const settings = readSettings(ctx.body, repo.settings, repo.owner);
    const newBranch = optionalString(ctx.body, 'default_branch');
    if (newBranch && newBranch !== repo.defaultBranch) {
      if (!(await repo.git.readRef(`refs/heads/${newBranch}`))) {
        throw new GitHubApiError(422, 'Validation Failed', {
          errors: [
            {
              resource: 'Repository',
              code: 'invalid',
              field: 'default_branch',
              message: `Cannot update default branch for this repository to ${newBranch}`,
            },
          ],
        });
      }
      repo.defaultBranch = newBranch;
      await repo.git.setHead(newBranch);
    }
    const newName = optionalString(ctx.body, 'name');
    if (newName && newName !== repo.name) {
      const normalized = normalizeRepoName(newName);
      if (ctx.store.repo(repo.owner.login, normalized)) throw nameTaken();
      await ctx.store.renameRepo(repo, normalized);
    }
    repo.settings = settings;
    repo.updated_at = timestamp();
    return { status: 200, body: await fullRepoJson(ctx, repo) };
  });

  router.add('DELETE', '/repos/:owner/:repo', async ctx => {
    await ctx.store.deleteRepo(findRepo(ctx));
    return { status: 204 };
  });

  const listFor =
    (owner: () => Account | undefined) => async (ctx: RouteContext) => {
      const account = owner();
      if (!account) throw notFound();
      const repos = ctx.store
        .listRepos()
        .filter(r => r.owner.id === account.id);
      const { page, headers } = paginate(repos, ctx.url);
      const body = await Promise.all(page.map(r => fullRepoJson(ctx, r)));
      return { status: 200, body, headers };
    };
  router.add('GET', '/orgs/:org/repos', async ctx =>
    listFor(() => {
      const a = ctx.store.account(ctx.params.org);
      return a?.type === 'Organization' ? a : undefined;
    })(ctx),
  );
  router.add('GET', '/users/:username/repos', async ctx =>
    listFor(() => ctx.store.account(ctx.params.username))(ctx),
  );
  router.add('GET', '/user/repos', async ctx =>
    listFor(() => ctx.store.viewer)(ctx),
  );
}

async function createRepo(ctx: RouteContext, owner: Account) {
  const name = normalizeRepoName(requireString(ctx.body, 'name'));
  if (ctx.store.repo(owner.login, name)) throw nameTaken();
  const settings = readSettings(ctx.body, defaultSettings(), owner);
  const repo = await ctx.store.createRepo(owner, name, settings);
  if (optionalBoolean(ctx.body, 'auto_init')) {
    const readme = `# ${name}\n${
      settings.description ? `\n${settings.description}\n` : ''
    }`;
    await commitFiles(repo, {
      branch: repo.defaultBranch,
      message: 'Initial commit',
      changes: [{ path: 'README.md', content: Buffer.from(readme) }],
    });
  }
  return { status: 201, body: await fullRepoJson(ctx, repo) };
}

async function fullRepoJson(ctx: RouteContext, repo: StoredRepo) {
  return repoJson(repo, urlsOf(ctx), await repo.git.sizeKiB());
}

function nameTaken() {
  return new GitHubApiError(422, 'Repository creation failed.', {
    errors: [
      {
        resource: 'Repository',
        code: 'custom',
        field: 'name',
        message: 'name already exists on this account',
      },
    ],
  });
}

/** GitHub replaces characters outside `[A-Za-z0-9._-]` with `-`. */
function normalizeRepoName(raw: string): string {
  const name = raw.trim().replace(/[^A-Za-z0-9._-]/g, '-');
  if (!name || name === '.' || name === '..' || name.length > 100) {
    throw new GitHubApiError(422, 'Repository creation failed.', {
      errors: [
        {
          resource: 'Repository',
          code: 'custom',
          field: 'name',
          message:
            'name is invalid (1-100 characters of letters, digits, ".", "-" and "_")',
        },
      ],
    });
  }
  return name;
}

function readSettings(
  body: Record<string, unknown>,
  current: RepoSettings,
  owner: Account,
): RepoSettings {
  const next: RepoSettings = { ...current };
  for (const key of BOOLEAN_SETTINGS) {
    const value = optionalBoolean(body, key);
    if (value !== undefined) next[key] = value;
  }
  const description = optionalString(body, 'description');
  if (description !== undefined) next.description = description;
  const homepage = optionalString(body, 'homepage');
  if (homepage !== undefined) next.homepage = homepage;
  for (const key of [
    'squash_merge_commit_title',
    'squash_merge_commit_message',
  ] as const) {
    const value = optionalString(body, key);
    if (value !== undefined) next[key] = value;
  }
  const isPrivate = optionalBoolean(body, 'private');
  if (isPrivate !== undefined) {
    next.private = isPrivate;
    next.visibility = isPrivate ? 'private' : 'public';
  }
  const visibility = optionalString(body, 'visibility');
  if (visibility !== undefined) {
    if (!['public', 'private', 'internal'].includes(visibility)) {
      throw invalidRequest(
        `"visibility" must be one of public, private, internal; got "${visibility}".`,
      );
    }
    if (visibility === 'internal' && owner.type !== 'Organization') {
      throw invalidRequest('Only organization repositories can be internal.');
    }
    next.visibility = visibility as RepoSettings['visibility'];
    next.private = visibility !== 'public';
  }
  return next;
}
