import {
  VaultClient,
  VaultConfig,
  readVaultPolicyMarker,
  readVaultRoleMarker,
  sameOwnership,
  ttlSeconds,
  vaultRoleAliasMetadata,
  withVaultPolicyMarker,
} from '@internal/backstage-plugin-eks-platform-node';
import { AuditContext, audited } from '../../lib/audit';
import { PreparedStep } from '../../lib/preparedSteps';
import { ServiceTrust, decideForService } from '../../lib/serviceTrust';
import { servicePolicy } from './vaultPolicy';
import { VaultRoleScope, VaultScope } from './vaultScope';

/*
 * The policy and Kubernetes auth role steps of eks:vault:register. Each
 * reads the resource and its owner marker, decides (decideOwnership), and
 * only then writes what differs, with the marker.
 */

type Logger = { info(m: string): void };

export interface VaultStepContext {
  vault: VaultClient;
  scope: VaultScope;
  config: VaultConfig;
  trust: ServiceTrust;
  audit: AuditContext;
  logger: Logger;
  /** Checkpoint key prefix: the Vault namespace. */
  key: string;
}

/** Where a resource lives, for messages: ` in Vault namespace "x"` or nothing. */
export function inNamespace(c: VaultStepContext): string {
  return c.scope.spec.vaultNamespace
    ? ` in Vault namespace "${c.scope.spec.vaultNamespace}"`
    : '';
}

/** The text of an ACL policy, or undefined when it does not exist. */
export async function readPolicy(
  vault: VaultClient,
  name: string,
): Promise<string | undefined> {
  const res = await vault.request({
    operation: `read policy "${name}"`,
    method: 'GET',
    path: `/sys/policies/acl/${name}`,
    accept: [404],
  });
  if (res.status === 404) return undefined;
  return res.body?.data?.policy ?? res.body?.policy;
}

/** The policy this run writes: the service's grants, with its marker on top. */
export function desiredPolicy(c: VaultStepContext): string {
  const { spec, databaseStatements } = c.scope;
  return withVaultPolicyMarker(
    servicePolicy({
      serviceName: spec.serviceName,
      kvMount: c.config.kvMount,
      secretPaths: spec.secretPaths,
      databaseCredsPath:
        spec.databaseRole && databaseStatements
          ? `${c.config.databaseMount}/creds/${spec.databaseRole.name}`
          : undefined,
    }),
    c.trust.requested,
  );
}

export function policyStep(c: VaultStepContext): PreparedStep {
  const name = c.scope.spec.policyName;
  const desired = desiredPolicy(c);
  return {
    key: `${c.key}.policy.${name}`,
    label: `policy ${name}`,
    async prepare() {
      const current = await readPolicy(c.vault, name);
      const decision = decideForService(
        c.trust,
        `Vault policy "${name}"${inNamespace(c)}`,
        current !== undefined,
        readVaultPolicyMarker(current),
      );
      return async () => {
        if (current === desired) {
          c.logger.info(
            `Vault policy ${name} already grants exactly these paths.`,
          );
          return 'unchanged';
        }
        await audited(
          c.audit,
          current === undefined ? 'vault-policy-create' : 'vault-policy-update',
          {
            policy: name,
            secretPaths: c.scope.spec.secretPaths,
            vaultNamespace: c.scope.spec.vaultNamespace ?? null,
            ownership: decision,
          },
          () =>
            c.vault.request({
              operation: `write policy "${name}"`,
              method: 'PUT',
              path: `/sys/policies/acl/${name}`,
              body: { policy: desired },
            }),
        );
        c.logger.info(
          `${
            current === undefined ? 'Created' : 'Updated'
          } Vault policy ${name}${
            decision === 'adopt'
              ? ' (adopted: it now carries the owner marker)'
              : ''
          }.`,
        );
        return current === undefined ? 'created' : 'updated';
      };
    },
  };
}

function sameList(a: unknown, b: string[]): boolean {
  return (
    Array.isArray(a) && [...a].sort().join(',') === [...b].sort().join(',')
  );
}

export function roleStep(
  c: VaultStepContext,
  role: VaultRoleScope,
): PreparedStep {
  const { spec } = c.scope;
  const path = `/auth/${role.mount}/role/${spec.roleName}`;
  const desired = {
    bound_service_account_names: [spec.serviceAccount],
    bound_service_account_namespaces: role.namespaces,
    token_policies: [spec.policyName],
    token_ttl: ttlSeconds(spec.tokenTtl),
    token_max_ttl: ttlSeconds(spec.tokenMaxTtl),
    ...(spec.audience ? { audience: spec.audience } : {}),
    alias_metadata: vaultRoleAliasMetadata(c.trust.requested),
  };
  return {
    key: `${c.key}.role.${role.mount}.${spec.roleName}`,
    label: `role ${spec.roleName} (auth/${role.mount})`,
    async prepare() {
      const current = await c.vault.request({
        operation: `read Kubernetes auth role "${spec.roleName}"`,
        method: 'GET',
        path,
        accept: [404],
      });
      const data = current.status === 404 ? undefined : current.body?.data;
      const found = readVaultRoleMarker(data);
      const decision = decideForService(
        c.trust,
        `Vault Kubernetes auth role "${spec.roleName}" (auth/${
          role.mount
        })${inNamespace(c)}`,
        data !== undefined,
        found,
      );
      return async () => {
        if (
          data &&
          found &&
          sameOwnership(found, c.trust.requested) &&
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
          c.logger.info(
            `Vault Kubernetes auth role ${spec.roleName} (auth/${role.mount}) already matches.`,
          );
          return 'unchanged';
        }
        await audited(
          c.audit,
          data
            ? 'vault-kubernetes-role-update'
            : 'vault-kubernetes-role-create',
          {
            role: spec.roleName,
            mount: role.mount,
            serviceAccount: spec.serviceAccount,
            namespaces: role.namespaces,
            policies: [spec.policyName],
            ownership: decision,
          },
          () =>
            c.vault.request({
              operation: `write Kubernetes auth role "${spec.roleName}"`,
              method: 'POST',
              path,
              body: desired,
            }),
        );
        c.logger.info(
          `${data ? 'Updated' : 'Created'} Vault Kubernetes auth role ${
            spec.roleName
          } (auth/${role.mount}) for ${role.namespaces
            .map(ns => `${ns}/${spec.serviceAccount}`)
            .join(', ')}.`,
        );
        return data ? 'updated' : 'created';
      };
    },
  };
}
