import type { TreeChange } from '../git/BareRepository';
import {
  GitHubApiError,
  invalidRequest,
  notFound,
  optionalString,
  requireString,
} from '../api/errors';
import { findRepo, urlsOf } from '../api/lookup';
import type { RouteContext, Router } from '../api/router';
import { SIMULATOR_IDENTITY } from '../model/commitFiles';
import { gitCommitJson, nodeId, repoApiUrl } from '../model/serializers';
import type { StoredRepo } from '../model/store';
import { registerRefRoutes } from './gitRefs';

const SHA = /^[0-9a-f]{40}$/;
const MODES = ['100644', '100755', '040000', '160000', '120000'];
const OBJECT_TYPE_BY_MODE: Record<string, string> = {
  '040000': 'tree',
  '160000': 'commit',
};

/** Git Data API: blobs, trees and commits (refs live in gitRefs.ts). */
export function registerGitDataRoutes(router: Router) {
  router.add('POST', '/repos/:owner/:repo/git/blobs', async ctx => {
    const repo = findRepo(ctx);
    const content = requireString(ctx.body, 'content');
    const encoding = optionalString(ctx.body, 'encoding') ?? 'utf-8';
    if (!['utf-8', 'utf8', 'base64'].includes(encoding)) {
      throw invalidRequest(
        `"encoding" must be utf-8 or base64; got "${encoding}".`,
      );
    }
    const bytes = Buffer.from(
      content,
      encoding === 'base64' ? 'base64' : 'utf8',
    );
    const sha = await repo.git.writeBlob(bytes);
    return {
      status: 201,
      body: { sha, url: `${repoApiUrl(repo, urlsOf(ctx))}/git/blobs/${sha}` },
    };
  });

  router.add('GET', '/repos/:owner/:repo/git/blobs/:sha', async ctx => {
    const repo = findRepo(ctx);
    const sha = ctx.params.sha;
    if ((await repo.git.objectType(sha)) !== 'blob') throw notFound();
    const content = await repo.git.readBlob(sha);
    return {
      status: 200,
      body: {
        sha,
        node_id: nodeId('Blob', sha),
        size: content.length,
        url: `${repoApiUrl(repo, urlsOf(ctx))}/git/blobs/${sha}`,
        content: content.toString('base64'),
        encoding: 'base64',
      },
    };
  });

  router.add('POST', '/repos/:owner/:repo/git/trees', async ctx => {
    const repo = findRepo(ctx);
    const baseTree = optionalString(ctx.body, 'base_tree');
    if (
      baseTree &&
      !['tree', 'commit'].includes((await repo.git.objectType(baseTree)) ?? '')
    ) {
      throw new GitHubApiError(422, 'Invalid tree info', {
        errors: [`base_tree ${baseTree} does not exist`],
      });
    }
    const changes = await readTreeEntries(repo, ctx.body.tree);
    const sha = await repo.git.buildTree(
      baseTree ? `${baseTree}^{tree}` : undefined,
      changes,
    );
    return { status: 201, body: await treeJson(ctx, repo, sha, false) };
  });

  router.add('GET', '/repos/:owner/:repo/git/trees/*sha', async ctx => {
    const repo = findRepo(ctx);
    const treeish = ctx.params.sha;
    const type = await repo.git.objectType(treeish);
    const resolved = type ? treeish : await repo.git.resolveRefish(treeish);
    if (!resolved) throw notFound();
    const tree = await repo.git
      .git(['rev-parse', `${resolved}^{tree}`])
      .catch(() => undefined);
    if (!tree) throw notFound();
    const recursive = ['1', 'true'].includes(
      ctx.url.searchParams.get('recursive') ?? '',
    );
    return { status: 200, body: await treeJson(ctx, repo, tree, recursive) };
  });

  router.add('POST', '/repos/:owner/:repo/git/commits', async ctx => {
    const repo = findRepo(ctx);
    const message = requireString(ctx.body, 'message');
    const tree = requireString(ctx.body, 'tree');
    if ((await repo.git.objectType(tree)) !== 'tree') {
      throw new GitHubApiError(422, `Tree SHA does not exist`);
    }
    const parents = ctx.body.parents ?? [];
    if (!Array.isArray(parents) || parents.some(p => typeof p !== 'string')) {
      throw invalidRequest('"parents" must be an array of commit SHAs.');
    }
    for (const parent of parents as string[]) {
      if ((await repo.git.objectType(parent)) !== 'commit') {
        throw new GitHubApiError(
          422,
          'Parent SHA does not exist or is not a commit object',
        );
      }
    }
    const sha = await repo.git.commitTree({
      tree,
      parents: parents as string[],
      message,
      author:
        readIdentity(ctx.body.author) ??
        readIdentity(ctx.body.committer) ??
        SIMULATOR_IDENTITY,
      committer:
        readIdentity(ctx.body.committer) ?? readIdentity(ctx.body.author),
    });
    const commit = await repo.git.readCommit(sha);
    return { status: 201, body: gitCommitJson(repo, commit, urlsOf(ctx)) };
  });

  router.add('GET', '/repos/:owner/:repo/git/commits/:sha', async ctx => {
    const repo = findRepo(ctx);
    if ((await repo.git.objectType(ctx.params.sha)) !== 'commit')
      throw notFound();
    const commit = await repo.git.readCommit(ctx.params.sha);
    return { status: 200, body: gitCommitJson(repo, commit, urlsOf(ctx)) };
  });

  registerRefRoutes(router);
}

async function readTreeEntries(
  repo: StoredRepo,
  raw: unknown,
): Promise<TreeChange[]> {
  if (!Array.isArray(raw)) throw invalidRequest('"tree" wasn\'t supplied.');
  const changes: TreeChange[] = [];
  for (const item of raw as Array<Record<string, unknown>>) {
    const path = typeof item?.path === 'string' ? item.path : undefined;
    const mode = typeof item?.mode === 'string' ? item.mode : undefined;
    if (!path || !mode || !MODES.includes(mode)) {
      throw new GitHubApiError(422, 'Invalid tree info', {
        errors: [`tree entry needs "path" and a "mode" of ${MODES.join(', ')}`],
      });
    }
    if (typeof item.content === 'string') {
      const sha = await repo.git.writeBlob(Buffer.from(item.content, 'utf8'));
      changes.push({ path, mode, sha });
    } else if (item.sha === null) {
      changes.push({ path, mode, sha: null });
    } else if (typeof item.sha === 'string' && SHA.test(item.sha)) {
      const expected = OBJECT_TYPE_BY_MODE[mode] ?? 'blob';
      if (
        expected !== 'commit' &&
        (await repo.git.objectType(item.sha)) !== expected
      ) {
        throw new GitHubApiError(422, 'Invalid tree info', {
          errors: [`tree.sha ${item.sha} is not a valid ${expected}`],
        });
      }
      changes.push({ path, mode, sha: item.sha });
    } else {
      throw new GitHubApiError(422, 'Invalid tree info', {
        errors: [
          `tree entry ${path} needs "content" or a 40-character "sha" (null deletes)`,
        ],
      });
    }
  }
  return changes;
}

async function treeJson(
  ctx: RouteContext,
  repo: StoredRepo,
  sha: string,
  recursive: boolean,
) {
  const api = repoApiUrl(repo, urlsOf(ctx));
  const entries = await repo.git.listTree(sha, recursive);
  return {
    sha,
    url: `${api}/git/trees/${sha}`,
    tree: entries.map(entry => ({
      path: entry.path,
      mode: entry.mode,
      type: entry.type,
      sha: entry.sha,
      ...(entry.type === 'blob' ? { size: entry.size } : {}),
      url: `${api}/git/${entry.type === 'tree' ? 'trees' : 'blobs'}/${
        entry.sha
      }`,
    })),
    truncated: false,
  };
}

function readIdentity(raw: unknown) {
  const value = raw as
    | { name?: unknown; email?: unknown; date?: unknown }
    | undefined;
  if (
    !value ||
    typeof value.name !== 'string' ||
    typeof value.email !== 'string'
  ) {
    return undefined;
  }
  return {
    name: value.name,
    email: value.email,
    date: typeof value.date === 'string' ? value.date : undefined,
  };
}
