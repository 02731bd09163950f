import { NotAllowedError } from '@backstage/errors';

/**
 * A resource name of the service's own: the service name itself or
 * `<service>-<suffix>`. Names are global in Vault and ECR, so a name taken
 * by one service could otherwise be claimed first by another team
 * (`payments` created by whoever runs first); tying every name to the
 * service ties it to the catalog entity and its owner.
 */
export function checkServiceScopedName(
  field: string,
  name: string,
  serviceName: string,
): string {
  if (name !== serviceName && !name.startsWith(`${serviceName}-`)) {
    throw new NotAllowedError(
      `Invalid input "${field}": ${JSON.stringify(
        name,
      )} is not a name of service "${serviceName}"; use "${serviceName}" or "${serviceName}-<suffix>".`,
    );
  }
  return name;
}
