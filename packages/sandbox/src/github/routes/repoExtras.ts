import {
  GitHubApiError,
  invalidRequest,
  notFound,
  requireString,
} from '../api/errors';
import { findRepo, urlsOf } from '../api/lookup';
import type { RouteContext, Router } from '../api/router';
import { accountJson, nodeId } from '../model/serializers';
import { queueWorkflowRun } from './workflowRuns';

/**
 * Configuration calls the stock GitHub actions make that have no effect
 * the sandbox could show (webhooks, autolinks, deploy keys, OIDC, Pages,
 * subscriptions, workflow access, issues). They are validated, recorded on
 * the repository (see `repos()[].recorded`) and answered in GitHub's shape.
 */
export function registerRepoExtraRoutes(router: Router) {
  const record = (ctx: RouteContext, kind: string, body: unknown) => {
    findRepo(ctx).recorded.push({ kind, body });
  };

  router.add(
    'PUT',
    '/repos/:owner/:repo/actions/oidc/customization/sub',
    async ctx => {
      if (typeof ctx.body.use_default !== 'boolean')
        throw invalidRequest('"use_default" wasn\'t supplied.');
      record(ctx, 'oidc-customization', ctx.body);
      return { status: 201, body: {} };
    },
  );

  router.add('PUT', '/repos/:owner/:repo/subscription', async ctx => {
    record(ctx, 'subscription', ctx.body);
    const repo = findRepo(ctx);
    return {
      status: 200,
      body: {
        subscribed: Boolean(ctx.body.subscribed),
        ignored: Boolean(ctx.body.ignored),
        reason: null,
        created_at: new Date().toISOString(),
        url: `${ctx.apiUrl}/repos/${repo.owner.login}/${repo.name}/subscription`,
      },
    };
  });

  router.add(
    'PUT',
    '/repos/:owner/:repo/actions/permissions/access',
    async ctx => {
      const level = requireString(ctx.body, 'access_level');
      if (!['none', 'user', 'organization', 'enterprise'].includes(level)) {
        throw invalidRequest(
          `"access_level" must be none, user, organization or enterprise; got "${level}".`,
        );
      }
      record(ctx, 'workflow-access', ctx.body);
      return { status: 204 };
    },
  );

  router.add('POST', '/repos/:owner/:repo/autolinks', async ctx => {
    const keyPrefix = requireString(ctx.body, 'key_prefix');
    const urlTemplate = requireString(ctx.body, 'url_template');
    if (!urlTemplate.includes('<num>'))
      throw invalidRequest('"url_template" must contain <num>.');
    record(ctx, 'autolink', ctx.body);
    return {
      status: 201,
      body: {
        id: ctx.store.newId(),
        key_prefix: keyPrefix,
        url_template: urlTemplate,
        is_alphanumeric: ctx.body.is_alphanumeric ?? true,
      },
    };
  });

  router.add('POST', '/repos/:owner/:repo/hooks', async ctx => {
    const config = ctx.body.config as Record<string, unknown> | undefined;
    if (!config || typeof config.url !== 'string')
      throw invalidRequest('"config.url" wasn\'t supplied.');
    // The webhook secret is write-only on GitHub: recorded without it.
    const { secret: _secret, ...publicConfig } = config;
    record(ctx, 'webhook', { ...ctx.body, config: publicConfig });
    const id = ctx.store.newId();
    return {
      status: 201,
      body: {
        id,
        type: 'Repository',
        name: 'web',
        active: ctx.body.active ?? true,
        events: ctx.body.events ?? ['push'],
        config: {
          content_type: 'form',
          insecure_ssl: '0',
          ...publicConfig,
          ...(_secret ? { secret: '********' } : {}),
        },
      },
    };
  });

  router.add('POST', '/repos/:owner/:repo/keys', async ctx => {
    const key = requireString(ctx.body, 'key');
    if (!/^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-\S+) [A-Za-z0-9+/=]+/.test(key)) {
      throw new GitHubApiError(422, 'Validation Failed', {
        errors: [
          {
            resource: 'PublicKey',
            code: 'custom',
            field: 'key',
            message:
              'key is invalid. You must supply a key in OpenSSH public key format',
          },
        ],
      });
    }
    record(ctx, 'deploy-key', {
      title: ctx.body.title,
      read_only: ctx.body.read_only ?? false,
    });
    return {
      status: 201,
      body: {
        id: ctx.store.newId(),
        key,
        title: ctx.body.title ?? '',
        read_only: ctx.body.read_only ?? false,
        verified: true,
      },
    };
  });

  router.add('POST', '/repos/:owner/:repo/pages', async ctx => {
    const repo = findRepo(ctx);
    record(ctx, 'pages', ctx.body);
    return {
      status: 201,
      body: {
        url: `${ctx.apiUrl}/repos/${repo.owner.login}/${repo.name}/pages`,
        status: 'queued',
        build_type: ctx.body.build_type ?? 'legacy',
        source: ctx.body.source ?? { branch: repo.defaultBranch, path: '/' },
        html_url: `${ctx.webUrl}/pages/${repo.owner.login}/${repo.name}/`,
      },
    };
  });

  router.add(
    'POST',
    '/repos/:owner/:repo/actions/workflows/:workflow_id/dispatches',
    async ctx => {
      const repo = findRepo(ctx);
      const ref = requireString(ctx.body, 'ref');
      const commit = await repo.git.resolveRefish(
        ref.replace(/^refs\/(heads|tags)\//, ''),
      );
      if (!commit) throw new GitHubApiError(422, `No ref found for: ${ref}`);
      const id = ctx.params.workflow_id;
      if (
        !/^\d+$/.test(id) &&
        !(await repo.git.entryAt(commit, `.github/workflows/${id}`))
      ) {
        throw notFound();
      }
      // GitHub creates a run per dispatch; the sandbox queues it and never
      // runs it (the run's web page, /<owner>/<repo>/actions/runs/<id>,
      // says so). The recorded dispatch carries the same run id.
      const run = queueWorkflowRun(ctx, repo, {
        workflow: id,
        ref,
        sha: commit,
        event: 'workflow_dispatch',
      });
      record(ctx, 'workflow-dispatch', {
        workflow: id,
        ref,
        inputs: ctx.body.inputs ?? {},
        run_id: run.id,
      });
      if (ctx.body.return_run_details !== true) return { status: 204 };
      const api = `${ctx.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
      return {
        status: 200,
        body: {
          workflow_run_id: run.id,
          run_url: `${api}/actions/runs/${run.id}`,
          html_url: `${ctx.webUrl}/${repo.owner.login}/${repo.name}/actions/runs/${run.id}`,
        },
      };
    },
  );

  router.add('POST', '/repos/:owner/:repo/issues', async ctx => {
    const repo = findRepo(ctx);
    const title = requireString(ctx.body, 'title');
    const number = repo.nextNumber++;
    const id = ctx.store.newId();
    record(ctx, 'issue', { number, ...ctx.body });
    return {
      status: 201,
      body: {
        id,
        node_id: nodeId('Issue', id),
        number,
        title,
        body: ctx.body.body ?? null,
        state: 'open',
        user: accountJson(ctx.store.viewer, urlsOf(ctx)),
        labels: ((ctx.body.labels as string[]) ?? []).map(name => ({ name })),
        url: `${ctx.apiUrl}/repos/${repo.owner.login}/${repo.name}/issues/${number}`,
        html_url: `${ctx.webUrl}/${repo.owner.login}/${repo.name}/issues/${number}`,
      },
    };
  });
}
