import {
  checkDnsLabel,
  checkUnique,
  checkVaultPath,
  checkVaultTtl,
  ttlSeconds,
} from '@internal/backstage-plugin-eks-platform-node';
import { InputError } from '@backstage/errors';
import { VaultRegisterInput } from './vaultRegister.input';

export interface VaultSpec {
  serviceName: string;
  namespace: string;
  serviceAccount: string;
  secretPaths: string[];
  policyName: string;
  roleName: string;
  audience?: string;
  databaseRole?: {
    name: string;
    dbName: string;
    creationStatements: string[];
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
  const tokenTtl = checkVaultTtl('tokenTtl', input.tokenTtl ?? '1h');
  const tokenMaxTtl = checkVaultTtl('tokenMaxTtl', input.tokenMaxTtl ?? '4h');
  checkTtlOrder('tokenTtl', tokenTtl, tokenMaxTtl);
  let databaseRole: VaultSpec['databaseRole'];
  if (input.databaseRole) {
    const db = input.databaseRole;
    const defaultTtl = checkVaultTtl(
      'databaseRole.defaultTtl',
      db.defaultTtl ?? '1h',
    );
    const maxTtl = checkVaultTtl('databaseRole.maxTtl', db.maxTtl ?? '24h');
    checkTtlOrder('databaseRole.defaultTtl', defaultTtl, maxTtl);
    if (
      !Array.isArray(db.creationStatements) ||
      db.creationStatements.length === 0 ||
      db.creationStatements.some(
        s => typeof s !== 'string' || !s.includes('{{name}}'),
      )
    ) {
      throw new InputError(
        'Invalid input "databaseRole.creationStatements": give one or more SQL statements that create the user "{{name}}" with password "{{password}}".',
      );
    }
    databaseRole = {
      name: checkDnsLabel('databaseRole.name', db.name),
      dbName: checkVaultPath('databaseRole.dbName', db.dbName),
      creationStatements: db.creationStatements,
      defaultTtl,
      maxTtl,
    };
    if (databaseRole.dbName.includes('/')) {
      throw new InputError(
        'Invalid input "databaseRole.dbName": use the name of the database connection, without "/".',
      );
    }
  }
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
    namespace: checkDnsLabel('namespace', input.namespace),
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
    databaseRole,
    vaultNamespace,
    tokenTtl,
    tokenMaxTtl,
  };
}
