import { GitHubApiError, notFound, requireString } from '../api/errors';
import { paginate } from '../api/pagination';
import type { RouteContext, Router } from '../api/router';
import type { SecretBox } from '../secrets/SecretBox';
import { StoredSecret, timestamp } from '../model/store';
import { normalizeActionsName } from './actionsVariables';

export type SecretScope = (ctx: RouteContext) => {
  secrets: Map<string, StoredSecret>;
  box: SecretBox;
};

/** Never includes the value: GitHub returns secret metadata only. */
function secretMetadata(secret: StoredSecret) {
  return {
    name: secret.name,
    created_at: secret.created_at,
    updated_at: secret.updated_at,
  };
}

/**
 * The secrets public-key flow under `prefix`: the client fetches the
 * public key, seals the value with libsodium and PUTs it with the key id;
 * the simulator opens the sealed box and rejects what does not open.
 */
export function registerSecretRoutes(
  router: Router,
  prefix: string,
  scope: SecretScope,
) {
  router.add('GET', `${prefix}/public-key`, async ctx => {
    const { box } = scope(ctx);
    return {
      status: 200,
      body: { key_id: box.keyId, key: box.publicKeyBase64() },
    };
  });

  router.add('GET', prefix, async ctx => {
    const all = [...scope(ctx).secrets.values()].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    const { page, headers } = paginate(all, ctx.url);
    return {
      status: 200,
      body: { total_count: all.length, secrets: page.map(secretMetadata) },
      headers,
    };
  });

  router.add('GET', `${prefix}/:name`, async ctx => {
    const secret = scope(ctx).secrets.get(ctx.params.name.toUpperCase());
    if (!secret) throw notFound();
    return { status: 200, body: secretMetadata(secret) };
  });

  router.add('PUT', `${prefix}/:name`, async ctx => {
    const { secrets, box } = scope(ctx);
    const name = normalizeActionsName(ctx.params.name, 'Secret');
    const encrypted = requireString(ctx.body, 'encrypted_value');
    const keyId = requireString(ctx.body, 'key_id');
    if (keyId !== box.keyId) {
      throw new GitHubApiError(
        422,
        `Bad request - key_id ${keyId} does not match the current public key ${box.keyId}.`,
      );
    }
    const value = box.open(encrypted);
    if (value === undefined) {
      throw new GitHubApiError(
        422,
        'Bad request - encrypted_value could not be decrypted with the public key: seal it with crypto_box_seal and send it base64-encoded.',
      );
    }
    const now = timestamp();
    const existing = secrets.get(name);
    secrets.set(name, {
      name,
      value,
      created_at: existing?.created_at ?? now,
      updated_at: now,
    });
    return existing ? { status: 204 } : { status: 201, body: {} };
  });

  router.add('DELETE', `${prefix}/:name`, async ctx => {
    if (!scope(ctx).secrets.delete(ctx.params.name.toUpperCase()))
      throw notFound();
    return { status: 204 };
  });
}
