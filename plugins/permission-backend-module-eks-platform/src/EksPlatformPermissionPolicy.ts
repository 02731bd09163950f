import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  createScaffolderActionConditionalDecision,
  createScaffolderTaskConditionalDecision,
  scaffolderActionConditions,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  eksPlatformStatusReadPermission,
  LABEL_VISIBILITY,
  VISIBILITY_PRIVATE,
} from '@internal/backstage-plugin-eks-platform-common';
import { isPlatformAdmin } from './platformAdmins';

/**
 * The input of every `eks:*` action that adopts a pre-existing resource
 * without an ownership marker. Only platform admins may set it to `true`.
 */
export const ADOPT_EXISTING_INPUT = 'adoptExisting';

/** Permissions only platform admins hold (nobody else, under any condition). */
const ADMIN_ONLY = [
  // Unregistering a location removes every entity it brought in, whoever owns
  // them (the org's users and groups included); there is no resource to check.
  catalogLocationDeletePermission,
  // Dry-run and the template editor run arbitrary template YAML, i.e. a
  // template that does not come from a platform location.
  templateDryRunPermission,
  templateManagementPermission,
  // Raw requests to the clusters with the backend's credentials (pod exec,
  // logs of any team's pods).
  kubernetesProxyPermission,
];

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * The portal's permission policy for a portal shared by many teams.
 *
 * - Platform admins (members of an `eksPlatform.platformAdmins` group) may
 *   do everything.
 * - Everyone else reads every entity except those their owners labelled
 *   `eks.platform/visibility: private`; `eks.platform.status.read` gets the
 *   very same decision, so status follows entity read.
 * - Refreshing and deleting an entity, and reading or cancelling a
 *   scaffolder task, are for its owners (the task's creator).
 * - `scaffolder.action.execute` is allowed unless an action's input sets
 *   `adoptExisting: true` (taking over an unmarked resource).
 * - The permissions in {@link ADMIN_ONLY} are denied.
 * - Everything else (registering locations, creating tasks, reading
 *   templates, the Kubernetes tab...) is allowed to signed-in users.
 *
 * Which kinds a location may bring into the catalog (Templates, Users and
 * Groups only from platform locations) is not a permission: the catalog's
 * `catalog.rules` enforce it at ingestion.
 */
export class EksPlatformPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly options: {
      platformAdmins: ReadonlySet<string>;
      userInfo: UserInfoService;
    },
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // The permission framework allows service-to-service calls before a
    // policy is asked; a request without a user is nobody's.
    if (!user) return DENY;
    const { userEntityRef, ownershipEntityRefs } =
      await this.options.userInfo.getUserInfo(user.credentials);
    if (isPlatformAdmin(this.options.platformAdmins, ownershipEntityRefs)) {
      return ALLOW;
    }
    const { permission } = request;

    if (ADMIN_ONLY.some(p => isPermission(permission, p))) return DENY;

    if (
      isPermission(permission, catalogEntityReadPermission) ||
      isPermission(permission, eksPlatformStatusReadPermission)
    ) {
      return createCatalogConditionalDecision(permission, {
        anyOf: [
          {
            not: catalogConditions.hasLabel({
              label: LABEL_VISIBILITY,
              value: VISIBILITY_PRIVATE,
            }),
          },
          catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
        ],
      });
    }

    if (
      isPermission(permission, catalogEntityRefreshPermission) ||
      isPermission(permission, catalogEntityDeletePermission)
    ) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }

    if (isPermission(permission, actionExecutePermission)) {
      // Any action's `adoptExisting: true`, not only the eks:* ones: the
      // scaffolder matches action ids exactly (no prefix rule), and a list
      // of eks:* ids would silently miss the next action. The scaffolder
      // validates input against the action's schema before this check, so a
      // string "true" never reaches an action whose input is boolean.
      return createScaffolderActionConditionalDecision(permission, {
        not: scaffolderActionConditions.hasBooleanProperty({
          key: ADOPT_EXISTING_INPUT,
          value: true,
        }),
      });
    }

    if (
      isPermission(permission, taskReadPermission) ||
      isPermission(permission, taskCancelPermission)
    ) {
      // Task parameters and logs name another team's repositories and
      // environments: a task is its creator's.
      return createScaffolderTaskConditionalDecision(
        permission,
        scaffolderTaskConditions.isTaskOwner({ createdBy: [userEntityRef] }),
      );
    }

    return ALLOW;
  }
}
