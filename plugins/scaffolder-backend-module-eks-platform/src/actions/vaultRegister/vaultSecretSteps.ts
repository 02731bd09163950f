import {
  UpstreamError,
  kvCustomMetadata,
  readKvMarker,
  readVaultPolicyMarker,
  sameOwnership,
  ttlSeconds,
} from '@internal/backstage-plugin-eks-platform-node';
import { audited } from '../../lib/audit';
import { PreparedStep } from '../../lib/preparedSteps';
import { decideForService } from '../../lib/serviceTrust';
import { VaultStepContext, inNamespace, readPolicy } from './vaultSteps';

/*
 * The KV path and database role steps of eks:vault:register. A KV path is
 * only ever created (cas 0) or marked, never overwritten; its owner marker
 * lives in custom_metadata. Database roles have no field for a marker: one
 * belongs to the service whose (marked) policy grants its credentials path.
 */

async function createEmptySecret(c: VaultStepContext, path: string) {
  const kv = c.config.kvMount;
  // cas 0: write only if no version exists, so a secret someone filled in
  // between our read and this write is never overwritten.
  const write = await c.vault.request({
    operation: `create secret path "${path}"`,
    method: 'POST',
    path: `/${kv}/data/${path}`,
    body: { options: { cas: 0 }, data: {} },
    accept: [400],
  });
  if (write.status !== 400) return 'created';
  const message = JSON.stringify(write.body ?? '');
  if (/check-and-set/i.test(message)) return 'exists';
  throw new UpstreamError({
    upstream: 'Vault',
    operation: `create secret path "${path}"`,
    status: 400,
    upstreamMessage: Array.isArray(write.body?.errors)
      ? write.body.errors.join('; ')
      : message,
    hint: `Check that "${kv}" is a KV version 2 mount (eksPlatform.vault.kvMount).`,
    retryable: false,
  });
}

export function kvPathStep(c: VaultStepContext, path: string): PreparedStep {
  const kv = c.config.kvMount;
  const metadataPath = `/${kv}/metadata/${path}`;
  return {
    key: `${c.key}.kv.${kv}.${path}`,
    label: `secret path ${path}`,
    async prepare() {
      const read = await c.vault.request({
        operation: `read secret metadata "${path}"`,
        method: 'GET',
        path: metadataPath,
        accept: [404],
      });
      const metadata = read.status === 404 ? undefined : read.body?.data;
      const found = readKvMarker(metadata);
      const decision = decideForService(
        c.trust,
        `Vault secret path "${kv}/${path}"${inNamespace(c)}`,
        metadata !== undefined,
        found,
      );
      return async () => {
        const marked = found && sameOwnership(found, c.trust.requested);
        const empty = !metadata || Number(metadata.current_version ?? 0) === 0;
        if (marked && !empty) {
          c.logger.info(
            `Vault secret ${kv}/${path} already exists for this service; left untouched.`,
          );
          return 'exists';
        }
        return audited(
          c.audit,
          metadata ? 'vault-secret-path-mark' : 'vault-secret-path-create',
          {
            mount: kv,
            path,
            vaultNamespace: c.scope.spec.vaultNamespace ?? null,
            ownership: decision,
          },
          async () => {
            // The marker first: a path interrupted between the two writes is
            // still ours on the next run, and its empty version gets created.
            if (!marked) {
              await c.vault.request({
                operation: `mark secret path "${path}"`,
                method: 'POST',
                path: metadataPath,
                body: {
                  custom_metadata: {
                    ...(metadata?.custom_metadata ?? {}),
                    ...kvCustomMetadata(c.trust.requested),
                  },
                },
              });
            }
            const created = empty ? await createEmptySecret(c, path) : 'exists';
            c.logger.info(
              created === 'created'
                ? `Created empty Vault secret ${kv}/${path} (cas 0); fill in its values in Vault.`
                : `Vault secret ${kv}/${path} kept as it is${
                    decision === 'adopt'
                      ? ' (adopted: marked as this service’s)'
                      : ''
                  }.`,
            );
            return decision === 'adopt' ? 'adopted' : created;
          },
        );
      };
    },
  };
}

export function databaseRoleStep(c: VaultStepContext): PreparedStep {
  const db = c.scope.spec.databaseRole!;
  const mount = c.config.databaseMount;
  const path = `/${mount}/roles/${db.name}`;
  const credsPath = `${mount}/creds/${db.name}`;
  const desired = {
    db_name: db.dbName,
    creation_statements: c.scope.databaseStatements!,
    default_ttl: ttlSeconds(db.defaultTtl),
    max_ttl: ttlSeconds(db.maxTtl),
  };
  return {
    key: `${c.key}.db.${mount}.${db.name}`,
    label: `database role ${db.name}`,
    async prepare() {
      const current = await c.vault.request({
        operation: `read database role "${db.name}"`,
        method: 'GET',
        path,
        accept: [404],
      });
      const data = current.status === 404 ? undefined : current.body?.data;
      // Ours when this service's own policy (marked) already grants it.
      const policy = await readPolicy(c.vault, c.scope.spec.policyName);
      const policyMarker = readVaultPolicyMarker(policy);
      const granted =
        policyMarker !== undefined &&
        sameOwnership(policyMarker, c.trust.requested) &&
        policy!.includes(`path "${credsPath}" {`);
      const decision = decideForService(
        c.trust,
        `Vault database role "${db.name}" (${mount}), which no policy of ${c.trust.requested.entityRef} grants,`,
        data !== undefined,
        granted ? c.trust.requested : undefined,
      );
      return async () => {
        if (
          data &&
          data.db_name === desired.db_name &&
          JSON.stringify(data.creation_statements) ===
            JSON.stringify(desired.creation_statements) &&
          Number(data.default_ttl) === desired.default_ttl &&
          Number(data.max_ttl) === desired.max_ttl
        ) {
          c.logger.info(`Vault database role ${db.name} already matches.`);
          return 'unchanged';
        }
        await audited(
          c.audit,
          data ? 'vault-database-role-update' : 'vault-database-role-create',
          {
            role: db.name,
            mount,
            dbName: db.dbName,
            template: db.template,
            ownership: decision,
          },
          () =>
            c.vault.request({
              operation: `write database role "${db.name}"`,
              method: 'POST',
              path,
              body: desired,
            }),
        );
        c.logger.info(
          `${data ? 'Updated' : 'Created'} Vault database role ${
            db.name
          } from template "${db.template}".`,
        );
        return data ? 'updated' : 'created';
      };
    },
  };
}
