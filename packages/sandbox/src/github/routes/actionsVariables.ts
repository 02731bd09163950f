import {
  GitHubApiError,
  notFound,
  optionalString,
  requireString,
} from '../api/errors';
import { paginate } from '../api/pagination';
import type { RouteContext, Router } from '../api/router';
import { StoredVariable, timestamp } from '../model/store';

/** Resolves the variable map a route works on (repository or environment). */
export type VariableScope = (ctx: RouteContext) => Map<string, StoredVariable>;

/**
 * Actions configuration variable names: letters, digits and `_`, not
 * starting with a digit or `GITHUB_`; GitHub stores them upper-cased.
 */
export function normalizeActionsName(
  raw: string,
  kind: 'Variable' | 'Secret',
): string {
  const name = raw.toUpperCase();
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name) || name.startsWith('GITHUB_')) {
    throw new GitHubApiError(
      422,
      `${kind} name ${JSON.stringify(
        raw,
      )} is invalid: use letters, digits and _, do not start with a digit or GITHUB_.`,
    );
  }
  return name;
}

/** Registers list/create/get/update/delete of variables under `prefix`. */
export function registerVariableRoutes(
  router: Router,
  prefix: string,
  scope: VariableScope,
) {
  router.add('GET', prefix, async ctx => {
    const all = [...scope(ctx).values()].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    const { page, headers } = paginate(all, ctx.url);
    return {
      status: 200,
      body: { total_count: all.length, variables: page },
      headers,
    };
  });

  router.add('POST', prefix, async ctx => {
    const variables = scope(ctx);
    const name = normalizeActionsName(
      requireString(ctx.body, 'name'),
      'Variable',
    );
    const value = requireString(ctx.body, 'value');
    if (variables.has(name)) {
      throw new GitHubApiError(409, 'Already exists - Variable already exists');
    }
    const now = timestamp();
    variables.set(name, { name, value, created_at: now, updated_at: now });
    return { status: 201, body: {} };
  });

  router.add('GET', `${prefix}/:name`, async ctx => {
    const variable = scope(ctx).get(ctx.params.name.toUpperCase());
    if (!variable) throw notFound();
    return { status: 200, body: variable };
  });

  router.add('PATCH', `${prefix}/:name`, async ctx => {
    const variables = scope(ctx);
    const current = variables.get(ctx.params.name.toUpperCase());
    if (!current) throw notFound();
    const rawName = optionalString(ctx.body, 'name');
    const value = optionalString(ctx.body, 'value');
    const name = rawName
      ? normalizeActionsName(rawName, 'Variable')
      : current.name;
    if (name !== current.name && variables.has(name)) {
      throw new GitHubApiError(409, 'Already exists - Variable already exists');
    }
    variables.delete(current.name);
    variables.set(name, {
      ...current,
      name,
      value: value ?? current.value,
      updated_at: timestamp(),
    });
    return { status: 204 };
  });

  router.add('DELETE', `${prefix}/:name`, async ctx => {
    if (!scope(ctx).delete(ctx.params.name.toUpperCase())) throw notFound();
    return { status: 204 };
  });
}
