import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { eksPlatformEnvironmentsReadPermission } from '@internal/backstage-plugin-eks-platform-common';

/** Throws NotAllowedError unless the policy allows `eks.platform.environments.read`. */
export async function assertMayReadEnvironments(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<void> {
  const [decision] = await permissions.authorize(
    [{ permission: eksPlatformEnvironmentsReadPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      'You are not allowed to list the platform environments (eks.platform.environments.read)',
    );
  }
}
