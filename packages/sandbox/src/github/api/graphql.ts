import http from 'node:http';
import { readJsonBody, sendJson } from '../../shared/http';
import { GitCommandError } from '../../shared/runGit';
import { GitHubApiError } from './errors';
import { commitFiles } from '../model/commitFiles';
import type { GitHubStore } from '../model/store';

interface GraphQlContext {
  store: GitHubStore;
  webUrl: string;
  /** Called for a mutation, before it runs (the simulator's write record). */
  onMutation?: () => void;
}

type Variables = Record<string, any>;

class GraphQlError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

/**
 * `POST /api/graphql`, for the two operations the stock actions send:
 * the "does this branch have an open PR" query of
 * octokit-plugin-create-pull-request and the `createCommitOnBranch`
 * mutation of publish:github's API fallback. The simulator has no GraphQL
 * engine: any other document gets GraphQL's error shape, never fake data.
 */
export async function handleGraphQl(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  ctx: GraphQlContext,
) {
  let payload: { query?: string; variables?: Variables } | undefined;
  try {
    payload = await readJsonBody(req);
  } catch {
    sendJson(res, 400, { message: 'Problems parsing JSON' });
    return;
  }
  const query = payload?.query ?? '';
  const variables = payload?.variables ?? {};
  try {
    if (
      /associatedPullRequests/.test(query) &&
      /ref\s*\(\s*qualifiedName/.test(query)
    ) {
      sendJson(res, 200, {
        data: await associatedPullRequests(ctx, variables),
      });
    } else if (/createCommitOnBranch/.test(query)) {
      ctx.onMutation?.();
      sendJson(res, 200, {
        data: await createCommitOnBranch(ctx, variables.input),
      });
    } else {
      sendJson(res, 200, {
        errors: [
          {
            message:
              'The GitHub simulator supports only the associatedPullRequests query and the createCommitOnBranch mutation.',
          },
        ],
      });
    }
  } catch (error) {
    if (error instanceof GraphQlError) {
      sendJson(res, 200, {
        data: null,
        errors: [{ type: error.type, message: error.message }],
      });
    } else {
      throw error;
    }
  }
}

function associatedPullRequests(ctx: GraphQlContext, variables: Variables) {
  const repo = ctx.store.repo(String(variables.owner), String(variables.repo));
  if (!repo) {
    throw new GraphQlError(
      'NOT_FOUND',
      `Could not resolve to a Repository with the name '${variables.owner}/${variables.repo}'.`,
    );
  }
  const branch = String(variables.head ?? '').replace(/^refs\/heads\//, '');
  return repo.git.readRef(`refs/heads/${branch}`).then(sha => {
    if (!sha) return { repository: { ref: null } };
    const open = repo.pulls
      .filter(p => p.state === 'open' && p.head === branch)
      .slice(0, 1);
    return {
      repository: {
        ref: {
          associatedPullRequests: {
            edges: open.map(p => ({
              node: {
                id: Buffer.from(`PullRequest${p.id}`).toString('base64'),
                number: p.number,
                url: `${ctx.webUrl}/${repo.owner.login}/${repo.name}/pull/${p.number}`,
              },
            })),
          },
        },
      },
    };
  });
}

async function createCommitOnBranch(
  ctx: GraphQlContext,
  input: Variables | undefined,
) {
  const [owner, name] = String(
    input?.branch?.repositoryNameWithOwner ?? '',
  ).split('/');
  const repo = owner && name ? ctx.store.repo(owner, name) : undefined;
  if (!repo)
    throw new GraphQlError('NOT_FOUND', 'Could not resolve to a Repository.');
  const branch = String(input?.branch?.branchName ?? '');
  const head = await repo.git.readRef(`refs/heads/${branch}`);
  if (!head)
    throw new GraphQlError(
      'NOT_FOUND',
      `Branch ${branch} not found; createCommitOnBranch needs an existing branch.`,
    );
  if (input?.expectedHeadOid !== head) {
    throw new GraphQlError(
      'STALE_DATA',
      `expectedHeadOid ${input?.expectedHeadOid} does not match the head of ${branch} (${head}). Pull and try again.`,
    );
  }
  const headline = String(input?.message?.headline ?? '');
  if (!headline)
    throw new GraphQlError('INVALID', 'message.headline is required.');
  const additions = (input?.fileChanges?.additions ?? []) as Array<{
    path: string;
    contents: string;
  }>;
  const deletions = (input?.fileChanges?.deletions ?? []) as Array<{
    path: string;
  }>;
  try {
    const result = await commitFiles(repo, {
      branch,
      message: input?.message?.body
        ? `${headline}\n\n${input.message.body}`
        : headline,
      changes: [
        ...deletions.map(d => ({ path: d.path, content: null })),
        ...additions.map(a => ({
          path: a.path,
          content: Buffer.from(a.contents, 'base64'),
        })),
      ],
    });
    return { createCommitOnBranch: { commit: { oid: result.commit } } };
  } catch (error) {
    if (error instanceof GitHubApiError) {
      throw new GraphQlError('FORBIDDEN', error.message);
    }
    if (error instanceof GitCommandError && error.args[0] === 'update-ref') {
      throw new GraphQlError(
        'STALE_DATA',
        `expectedHeadOid is stale: ${branch} moved. Pull and try again.`,
      );
    }
    throw error;
  }
}
