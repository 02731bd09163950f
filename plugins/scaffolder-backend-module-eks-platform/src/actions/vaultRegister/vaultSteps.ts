import {
  ttlSeconds,
  UpstreamError,
  VaultClient,
  VaultConfig,
} from '@internal/backstage-plugin-eks-platform-node';
import { AuditContext, audited } from '../../lib/audit';
import { servicePolicy } from './vaultPolicy';
import { VaultSpec } from './vaultSpec';

/*
 * The steps of eks:vault:register. Each reads first and writes only what
 * differs; KV paths are only ever created (cas 0), never overwritten.
 */

type Logger = { info(m: string): void };
export type Step = {
  vault: VaultClient;
  spec: VaultSpec;
  config: VaultConfig;
  audit: AuditContext;
  logger: Logger;
};

export async function ensurePolicy(
  { vault, spec, config, audit, logger }: Step,
  dbCredsPath?: string,
) {
  const policy = servicePolicy({
    serviceName: spec.serviceName,
    kvMount: config.kvMount,
    secretPaths: spec.secretPaths,
    databaseCredsPath: dbCredsPath,
  });
  const path = `/sys/policies/acl/${spec.policyName}`;
  const current = await vault.request({
    operation: `read policy "${spec.policyName}"`,
    method: 'GET',
    path,
    accept: [404],
  });
  const existing: string | undefined =
    current.status === 404
      ? undefined
      : current.body?.data?.policy ?? current.body?.policy;
  if (existing === policy) {
    logger.info(
      `Vault policy ${spec.policyName} already grants exactly these paths.`,
    );
    return 'unchanged';
  }
  await audited(
    audit,
    existing === undefined ? 'vault-policy-create' : 'vault-policy-update',
    {
      policy: spec.policyName,
      secretPaths: spec.secretPaths,
      vaultNamespace: spec.vaultNamespace ?? null,
    },
    () =>
      vault.request({
        operation: `write policy "${spec.policyName}"`,
        method: 'PUT',
        path,
        body: { policy },
      }),
  );
  logger.info(
    `${existing === undefined ? 'Created' : 'Updated'} Vault policy ${
      spec.policyName
    }.`,
  );
  return existing === undefined ? 'created' : 'updated';
}

function sameList(a: unknown, b: string[]): boolean {
  return (
    Array.isArray(a) && [...a].sort().join(',') === [...b].sort().join(',')
  );
}

export async function ensureRole({ vault, spec, config, audit, logger }: Step) {
  const path = `/auth/${config.kubernetesAuthMount}/role/${spec.roleName}`;
  const desired = {
    bound_service_account_names: [spec.serviceAccount],
    bound_service_account_namespaces: [spec.namespace],
    token_policies: [spec.policyName],
    token_ttl: ttlSeconds(spec.tokenTtl),
    token_max_ttl: ttlSeconds(spec.tokenMaxTtl),
    ...(spec.audience ? { audience: spec.audience } : {}),
  };
  const current = await vault.request({
    operation: `read Kubernetes auth role "${spec.roleName}"`,
    method: 'GET',
    path,
    accept: [404],
  });
  const data = current.status === 404 ? undefined : current.body?.data;
  if (
    data &&
    sameList(
      data.bound_service_account_names,
      desired.bound_service_account_names,
    ) &&
    sameList(
      data.bound_service_account_namespaces,
      desired.bound_service_account_namespaces,
    ) &&
    sameList(data.token_policies, desired.token_policies) &&
    Number(data.token_ttl) === desired.token_ttl &&
    Number(data.token_max_ttl) === desired.token_max_ttl &&
    (spec.audience === undefined || data.audience === spec.audience)
  ) {
    logger.info(`Vault Kubernetes auth role ${spec.roleName} already matches.`);
    return 'unchanged';
  }
  await audited(
    audit,
    data ? 'vault-kubernetes-role-update' : 'vault-kubernetes-role-create',
    {
      role: spec.roleName,
      mount: config.kubernetesAuthMount,
      serviceAccount: spec.serviceAccount,
      namespace: spec.namespace,
      policies: [spec.policyName],
    },
    () =>
      vault.request({
        operation: `write Kubernetes auth role "${spec.roleName}"`,
        method: 'POST',
        path,
        body: desired,
      }),
  );
  logger.info(
    `${data ? 'Updated' : 'Created'} Vault Kubernetes auth role ${
      spec.roleName
    } for ${spec.namespace}/${spec.serviceAccount}.`,
  );
  return data ? 'updated' : 'created';
}

export async function ensureKvPath(
  { vault, config, audit, logger, spec }: Step,
  secretPath: string,
) {
  const metadata = await vault.request({
    operation: `read secret metadata "${secretPath}"`,
    method: 'GET',
    path: `/${config.kvMount}/metadata/${secretPath}`,
    accept: [404],
  });
  if (metadata.status !== 404) {
    logger.info(
      `Vault secret ${config.kvMount}/${secretPath} already exists; left untouched.`,
    );
    return 'exists';
  }
  // cas 0: write only if no version exists, so a secret someone filled in
  // between our read and this write is never overwritten.
  const write = await audited(
    audit,
    'vault-secret-path-create',
    {
      mount: config.kvMount,
      path: secretPath,
      vaultNamespace: spec.vaultNamespace ?? null,
    },
    () =>
      vault.request({
        operation: `create secret path "${secretPath}"`,
        method: 'POST',
        path: `/${config.kvMount}/data/${secretPath}`,
        body: { options: { cas: 0 }, data: {} },
        accept: [400],
      }),
  );
  if (write.status === 400) {
    const message = JSON.stringify(write.body ?? '');
    if (/check-and-set/i.test(message)) {
      logger.info(
        `Vault secret ${config.kvMount}/${secretPath} was created meanwhile; left untouched.`,
      );
      return 'exists';
    }
    throw new UpstreamError({
      upstream: 'Vault',
      operation: `create secret path "${secretPath}"`,
      status: 400,
      upstreamMessage: Array.isArray(write.body?.errors)
        ? write.body.errors.join('; ')
        : message,
      hint: `Check that "${config.kvMount}" is a KV version 2 mount (eksPlatform.vault.kvMount).`,
      retryable: false,
    });
  }
  logger.info(
    `Created empty Vault secret ${config.kvMount}/${secretPath} (cas 0); fill in its values in Vault.`,
  );
  return 'created';
}

export async function ensureDatabaseRole({
  vault,
  spec,
  config,
  audit,
  logger,
}: Step) {
  const db = spec.databaseRole!;
  const path = `/${config.databaseMount}/roles/${db.name}`;
  const desired = {
    db_name: db.dbName,
    creation_statements: db.creationStatements,
    default_ttl: ttlSeconds(db.defaultTtl),
    max_ttl: ttlSeconds(db.maxTtl),
  };
  const current = await vault.request({
    operation: `read database role "${db.name}"`,
    method: 'GET',
    path,
    accept: [404],
  });
  const data = current.status === 404 ? undefined : current.body?.data;
  if (
    data &&
    data.db_name === desired.db_name &&
    JSON.stringify(data.creation_statements) ===
      JSON.stringify(desired.creation_statements) &&
    Number(data.default_ttl) === desired.default_ttl &&
    Number(data.max_ttl) === desired.max_ttl
  ) {
    logger.info(`Vault database role ${db.name} already matches.`);
    return 'unchanged';
  }
  await audited(
    audit,
    data ? 'vault-database-role-update' : 'vault-database-role-create',
    { role: db.name, mount: config.databaseMount, dbName: db.dbName },
    () =>
      vault.request({
        operation: `write database role "${db.name}"`,
        method: 'POST',
        path,
        body: desired,
      }),
  );
  logger.info(
    `${data ? 'Updated' : 'Created'} Vault database role ${db.name}.`,
  );
  return data ? 'updated' : 'created';
}
