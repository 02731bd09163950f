import {
  checkDnsLabel,
  checkUnique,
  checkVaultPath,
  checkVaultTtl,
  ttlSeconds,
} from '@internal/backstage-plugin-eks-platform-node';
import { InputError } from '@backstage/errors';
import { VaultRegisterInput } from './vaultRegister.input';

/** The input in shape, with every default that needs no platform config. */
export interface VaultSpec {
  serviceName: string;
  /** The namespace asked for; undefined: the team's namespaces. */
  namespace?: string;
  /** The environments asked for; undefined: every configured one. */
  environments?: string[];
  serviceAccount: string;
  secretPaths: string[];
  policyName: string;
  roleName: string;
  audience?: string;
  databaseRole?: {
    name: string;
    dbName: string;
    template: string;
    defaultTtl: string;
    maxTtl: string;
  };
  vaultNamespace?: string;
  tokenTtl: string;
  tokenMaxTtl: string;
}

function checkTtlOrder(field: string, ttl: string, max: string) {
  if (ttlSeconds(ttl) > ttlSeconds(max)) {
    throw new InputError(
      `Invalid input "${field}": ${ttl} is longer than the maximum ${max}; lower it or raise the maximum.`,
    );
  }
}

function resolveDatabaseRole(
  db: NonNullable<VaultRegisterInput['databaseRole']>,
): VaultSpec['databaseRole'] {
  // The runner may pass fields the schema does not declare: SQL from a
  // template input is refused by name, so nobody mistakes it for ignored.
  if (Object.hasOwn(db, 'creationStatements')) {
    throw new InputError(
      'Invalid input "databaseRole.creationStatements": SQL is not taken from templates; name one of the platform\'s database role templates in "databaseRole.template" (eksPlatform.vault.databaseRoleTemplates).',
    );
  }
  const defaultTtl = checkVaultTtl(
    'databaseRole.defaultTtl',
    db.defaultTtl ?? '1h',
  );
  const maxTtl = checkVaultTtl('databaseRole.maxTtl', db.maxTtl ?? '24h');
  checkTtlOrder('databaseRole.defaultTtl', defaultTtl, maxTtl);
  const dbName = checkVaultPath('databaseRole.dbName', db.dbName);
  if (dbName.includes('/')) {
    throw new InputError(
      'Invalid input "databaseRole.dbName": use the name of the database connection, without "/".',
    );
  }
  return {
    name: checkDnsLabel('databaseRole.name', db.name),
    dbName,
    template: checkDnsLabel('databaseRole.template', db.template),
    defaultTtl,
    maxTtl,
  };
}

/** Checks the shape of every input and applies defaults; throws InputError. */
export function resolveVaultSpec(
  input: VaultRegisterInput,
  defaultNamespace?: string,
): VaultSpec {
  const serviceName = checkDnsLabel('serviceName', input.serviceName);
  const secretPaths = (input.secretPaths ?? [serviceName]).map((p, i) =>
    checkVaultPath(`secretPaths[${i}]`, p),
  );
  if (secretPaths.length === 0) {
    throw new InputError(
      'Invalid input "secretPaths": list at least one KV path, e.g. ["payments-api/config"].',
    );
  }
  checkUnique('secretPaths', secretPaths);
  const environments = input.environments?.map((env, i) =>
    checkDnsLabel(`environments[${i}]`, env, 32),
  );
  if (environments) {
    if (environments.length === 0) {
      throw new InputError(
        'Invalid input "environments": list at least one environment, or leave it out for all of them.',
      );
    }
    checkUnique('environments', environments);
  }
  const tokenTtl = checkVaultTtl('tokenTtl', input.tokenTtl ?? '1h');
  const tokenMaxTtl = checkVaultTtl('tokenMaxTtl', input.tokenMaxTtl ?? '4h');
  checkTtlOrder('tokenTtl', tokenTtl, tokenMaxTtl);
  const vaultNamespace = input.vaultNamespace ?? defaultNamespace;
  if (vaultNamespace !== undefined)
    checkVaultPath('vaultNamespace', vaultNamespace);
  if (
    input.audience !== undefined &&
    !/^[\w.:/-]{1,200}$/.test(input.audience)
  ) {
    throw new InputError(
      `Invalid input "audience": ${JSON.stringify(
        input.audience,
      )} is not a token audience.`,
    );
  }
  return {
    serviceName,
    namespace:
      input.namespace === undefined
        ? undefined
        : checkDnsLabel('namespace', input.namespace),
    environments,
    serviceAccount: checkDnsLabel(
      'serviceAccount',
      input.serviceAccount ?? serviceName,
      253,
    ),
    secretPaths,
    policyName: checkDnsLabel(
      'policyName',
      input.policyName ?? serviceName,
      128,
    ),
    roleName: checkDnsLabel('roleName', input.roleName ?? serviceName, 128),
    audience: input.audience,
    databaseRole: input.databaseRole
      ? resolveDatabaseRole(input.databaseRole)
      : undefined,
    vaultNamespace,
    tokenTtl,
    tokenMaxTtl,
  };
}
