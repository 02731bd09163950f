import { GitHubApiError, invalidRequest, notFound } from '../api/errors';
import { findRepo, urlsOf } from '../api/lookup';
import { paginate } from '../api/pagination';
import type { Router } from '../api/router';
import { accountJson, nodeId, repoJson } from '../model/serializers';

const PERMISSIONS = ['pull', 'triage', 'push', 'maintain', 'admin'];
/** GitHub names the push and pull permissions write and read in responses. */
function roleName(permission: string): string {
  return { push: 'write', pull: 'read' }[permission] ?? permission;
}

const TOPIC = /^[a-z0-9][a-z0-9-]{0,49}$/;

function readPermission(body: Record<string, unknown>): string {
  const permission = body.permission ?? 'push';
  if (typeof permission !== 'string' || !PERMISSIONS.includes(permission)) {
    throw invalidRequest(
      `"permission" must be one of ${PERMISSIONS.join(
        ', ',
      )}; got ${JSON.stringify(permission)}.`,
    );
  }
  return permission;
}

/** Collaborators, team access and topics. */
export function registerRepoAccessRoutes(router: Router) {
  router.add(
    'PUT',
    '/repos/:owner/:repo/collaborators/:username',
    async ctx => {
      const repo = findRepo(ctx);
      const user = ctx.store.account(ctx.params.username);
      if (!user || user.type !== 'User') throw notFound();
      const permission = readPermission(ctx.body);
      const existed = repo.collaborators.has(user.login);
      repo.collaborators.set(user.login, permission);
      if (existed) return { status: 204 };
      // GitHub answers a new collaborator with the invitation it sent.
      const id = ctx.store.newId();
      return {
        status: 201,
        body: {
          id,
          node_id: nodeId('RepositoryInvitation', id),
          repository: repoJson(repo, urlsOf(ctx)),
          invitee: accountJson(user, urlsOf(ctx)),
          inviter: accountJson(ctx.store.viewer, urlsOf(ctx)),
          permissions: roleName(permission),
          created_at: new Date().toISOString(),
          expired: false,
        },
      };
    },
  );

  router.add('GET', '/repos/:owner/:repo/collaborators', async ctx => {
    const repo = findRepo(ctx);
    const list = [...repo.collaborators].map(([login, permission]) => ({
      ...accountJson(ctx.store.account(login)!, urlsOf(ctx)),
      role_name: roleName(permission),
    }));
    const { page, headers } = paginate(list, ctx.url);
    return { status: 200, body: page, headers };
  });

  router.add(
    'DELETE',
    '/repos/:owner/:repo/collaborators/:username',
    async ctx => {
      findRepo(ctx).collaborators.delete(ctx.params.username);
      return { status: 204 };
    },
  );

  router.add(
    'PUT',
    '/orgs/:org/teams/:team_slug/repos/:owner/:repo',
    async ctx => {
      const team = ctx.store.team(ctx.params.org, ctx.params.team_slug);
      const repo = findRepo(ctx);
      if (!team) throw notFound();
      if (repo.owner.login.toLowerCase() !== ctx.params.org.toLowerCase()) {
        throw new GitHubApiError(422, 'Validation Failed', {
          errors: [
            {
              resource: 'TeamRepository',
              code: 'custom',
              message: "Repository must belong to the team's organization",
            },
          ],
        });
      }
      repo.teams.set(team.slug, readPermission(ctx.body));
      return { status: 204 };
    },
  );

  router.add('GET', '/repos/:owner/:repo/teams', async ctx => {
    const repo = findRepo(ctx);
    const list = [...repo.teams].map(([slug, permission]) => {
      const team = ctx.store.team(repo.owner.login, slug)!;
      return { id: team.id, slug, name: slug, permission };
    });
    const { page, headers } = paginate(list, ctx.url);
    return { status: 200, body: page, headers };
  });

  router.add('PUT', '/repos/:owner/:repo/topics', async ctx => {
    const repo = findRepo(ctx);
    const names = ctx.body.names;
    if (!Array.isArray(names))
      throw invalidRequest('"names" wasn\'t supplied.');
    const invalid = names.filter(n => typeof n !== 'string' || !TOPIC.test(n));
    if (invalid.length > 0) {
      throw new GitHubApiError(422, 'Validation Failed', {
        errors: invalid.map(value => ({
          resource: 'Topic',
          field: 'names',
          code: 'invalid',
          message: `${JSON.stringify(
            value,
          )} is not a valid topic: use lowercase letters, numbers and hyphens, start with a letter or number, at most 50 characters.`,
        })),
      });
    }
    if (names.length > 20)
      throw invalidRequest('A repository can have at most 20 topics.');
    repo.topics = [...new Set(names as string[])];
    return { status: 200, body: { names: repo.topics } };
  });

  router.add('GET', '/repos/:owner/:repo/topics', async ctx => ({
    status: 200,
    body: { names: findRepo(ctx).topics },
  }));
}
