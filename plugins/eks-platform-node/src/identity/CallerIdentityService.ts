import {
  AuthService,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { canonicalEntityRef } from '../catalog/entityRefs';
import { CallerIdentity } from './CallerIdentity';

/** What an action context offers about its initiator (ActionContext fits). */
export interface TaskInitiator {
  user?: { ref?: string };
  getInitiatorCredentials(): Promise<BackstageCredentials>;
}

/** Resolves who runs a task or a request. */
export interface CallerIdentityService {
  /** The user who started a scaffolder task (`ctx` of an action). */
  forTask(task: TaskInitiator): Promise<CallerIdentity>;
  /** The user behind request or task credentials. */
  forCredentials(credentials: BackstageCredentials): Promise<CallerIdentity>;
}

/**
 * Ownership refs from two sources: the sign-in token's claims (the
 * userInfo service) and the catalog's current memberOf relations of the
 * user entity, so a group change in the catalog counts at once and a token
 * without group claims still works. The catalog is read with the plugin's
 * own service credentials: knowing someone's groups must not depend on
 * whether they may read their own user entity. Any failure refuses (fails
 * closed); nothing here trusts a template input.
 */
export class DefaultCallerIdentityService implements CallerIdentityService {
  constructor(
    private readonly options: {
      userInfo: UserInfoService;
      catalog: CatalogService;
      auth: AuthService;
      platformAdmins: string[];
    },
  ) {}

  async forTask(task: TaskInitiator): Promise<CallerIdentity> {
    const identity = await this.forCredentials(
      await task.getInitiatorCredentials(),
    );
    const taskUser = task.user?.ref && canonicalEntityRef(task.user.ref);
    if (task.user?.ref && taskUser !== identity.userEntityRef) {
      throw new NotAllowedError(
        `The task names ${task.user.ref} as its author but runs with the credentials of ${identity.userEntityRef}; start the template again from the portal.`,
      );
    }
    return identity;
  }

  async forCredentials(
    credentials: BackstageCredentials,
  ): Promise<CallerIdentity> {
    const { userInfo, catalog, auth, platformAdmins } = this.options;
    if (!auth.isPrincipal(credentials, 'user')) {
      const kind = auth.isPrincipal(credentials, 'service')
        ? 'service'
        : 'anonymous';
      throw new NotAllowedError(
        `EKS platform actions act for a signed-in user so that team ownership can be checked, but this one runs with ${kind} credentials; start the template from the portal while signed in.`,
      );
    }
    const info = await userInfo.getUserInfo(credentials);
    const userEntityRef = canonicalEntityRef(info.userEntityRef);
    if (!userEntityRef) {
      throw new NotAllowedError(
        `The signed-in identity "${info.userEntityRef}" is not a catalog entity ref; check the sign-in resolver.`,
      );
    }
    const user = await catalog.getEntityByRef(userEntityRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    const memberOf = (user?.relations ?? [])
      .filter(relation => relation.type === RELATION_MEMBER_OF)
      .map(relation => relation.targetRef);
    return new CallerIdentity(
      userEntityRef,
      [...info.ownershipEntityRefs, ...memberOf],
      platformAdmins,
    );
  }
}
