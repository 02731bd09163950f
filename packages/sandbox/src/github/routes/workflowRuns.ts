import { invalidRequest } from '../api/errors';
import { findRepo } from '../api/lookup';
import { paginate } from '../api/pagination';
import type { RouteContext, Router } from '../api/router';
import { StoredRepo, StoredWorkflowRun, timestamp } from '../model/store';

/** GitHub's `status` filter takes a run status or a conclusion. */
const STATUS_FILTERS = new Set([
  'completed',
  'action_required',
  'cancelled',
  'failure',
  'neutral',
  'skipped',
  'stale',
  'success',
  'timed_out',
  'in_progress',
  'queued',
  'requested',
  'waiting',
  'pending',
]);

/**
 * Records the run a workflow dispatch creates on GitHub. Nothing executes
 * it: it stays `queued`, which is what a portal shows for a fresh run.
 */
export function queueWorkflowRun(
  ctx: RouteContext,
  repo: StoredRepo,
  run: { workflow: string; ref: string; sha: string; event: string },
): StoredWorkflowRun {
  const now = timestamp();
  const stored: StoredWorkflowRun = {
    id: ctx.store.newId(),
    name: run.workflow,
    head_branch: run.ref.replace(/^refs\/(heads|tags)\//, ''),
    head_sha: run.sha,
    event: run.event,
    status: 'queued',
    conclusion: null,
    run_number: repo.workflowRuns.length + 1,
    created_at: now,
    updated_at: now,
  };
  repo.workflowRuns.push(stored);
  return stored;
}

function runJson(ctx: RouteContext, repo: StoredRepo, run: StoredWorkflowRun) {
  const slug = `${repo.owner.login}/${repo.name}`;
  return {
    ...run,
    url: `${ctx.apiUrl}/repos/${slug}/actions/runs/${run.id}`,
    html_url: `${ctx.webUrl}/${slug}/actions/runs/${run.id}`,
  };
}

/** `GET /repos/{owner}/{repo}/actions/runs`, newest first, as GitHub lists them. */
export function registerWorkflowRunRoutes(router: Router) {
  router.add('GET', '/repos/:owner/:repo/actions/runs', async ctx => {
    const repo = findRepo(ctx);
    const branch = ctx.url.searchParams.get('branch');
    const event = ctx.url.searchParams.get('event');
    const status = ctx.url.searchParams.get('status');
    if (status && !STATUS_FILTERS.has(status)) {
      throw invalidRequest(
        `"status" must be one of ${[...STATUS_FILTERS].join(
          ', ',
        )}; got "${status}".`,
      );
    }
    const runs = [...repo.workflowRuns]
      .reverse()
      .filter(
        run =>
          (!branch || run.head_branch === branch) &&
          (!event || run.event === event) &&
          (!status || run.status === status || run.conclusion === status),
      );
    const { page, headers } = paginate(runs, ctx.url);
    return {
      status: 200,
      headers,
      body: {
        total_count: runs.length,
        workflow_runs: page.map(run => runJson(ctx, repo, run)),
      },
    };
  });
}
