import { notFound } from '../api/errors';
import { urlsOf } from '../api/lookup';
import type { Router } from '../api/router';
import { accountJson, nodeId } from '../model/serializers';

/** `/user`, `/users/:u`, `/orgs/:org`, `/orgs/:org/teams/:slug`. */
export function registerAccountRoutes(router: Router) {
  router.add('GET', '/user', async ctx => ({
    status: 200,
    body: {
      ...accountJson(ctx.store.viewer, urlsOf(ctx)),
      name: 'Sandbox Bot',
      email: null,
    },
  }));

  router.add('GET', '/users/:username', async ctx => {
    const account = ctx.store.account(ctx.params.username);
    if (!account) throw notFound();
    return { status: 200, body: accountJson(account, urlsOf(ctx)) };
  });

  router.add('GET', '/orgs/:org', async ctx => {
    const account = ctx.store.account(ctx.params.org);
    if (!account || account.type !== 'Organization') throw notFound();
    return {
      status: 200,
      body: { ...accountJson(account, urlsOf(ctx)), description: null },
    };
  });

  router.add('GET', '/orgs/:org/teams/:team_slug', async ctx => {
    const team = ctx.store.team(ctx.params.org, ctx.params.team_slug);
    if (!team) throw notFound();
    return {
      status: 200,
      body: {
        id: team.id,
        node_id: nodeId('Team', team.id),
        slug: team.slug,
        name: team.slug,
        url: `${ctx.apiUrl}/orgs/${team.org}/teams/${team.slug}`,
        html_url: `${ctx.webUrl}/orgs/${team.org}/teams/${team.slug}`,
        privacy: 'closed',
        permission: 'pull',
        organization: accountJson(ctx.store.account(team.org)!, urlsOf(ctx)),
      },
    };
  });
}
