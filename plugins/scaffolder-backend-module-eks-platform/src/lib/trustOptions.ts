import {
  CallerIdentityService,
  PlatformPolicy,
} from '@internal/backstage-plugin-eks-platform-node';

/**
 * What an action's ownership and allow-list checks stand on: who runs the
 * task and what platform config allows. The module passes both to every
 * action (the policy is read and validated once, at start-up); the checks
 * themselves come with each action's trust work (issue 10, items 1 and 3).
 */
export interface TrustOptions {
  callerIdentity?: CallerIdentityService;
  platformPolicy?: PlatformPolicy;
}
