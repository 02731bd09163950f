import { ScorecardRule } from '@internal/backstage-plugin-eks-platform-node';
import {
  hpaConfigured,
  hpaMinReplicas,
  hpaNotPinnedAtMax,
  pdbAllowsDrain,
  replicasDistinctNodes,
  replicasSpreadZones,
} from './availability';
import {
  containerProbes,
  containerResources,
  networkPolicySelectsPods,
  restrictedSecurityContext,
} from './containers';
import {
  argoCdSyncedHealthy,
  imageFromOrganisationEcr,
  imageScanClean,
} from './delivery';
import {
  alertRulesExist,
  alertsReachOwner,
  traceErrorRatio,
  tracesArrive,
} from './observability';
import { templateCurrent } from './template';

/** The platform's standard, in the order the rules list shows it. */
export const BUILT_IN_RULES: ScorecardRule[] = [
  replicasSpreadZones,
  replicasDistinctNodes,
  pdbAllowsDrain,
  hpaConfigured,
  hpaMinReplicas,
  hpaNotPinnedAtMax,
  containerProbes,
  containerResources,
  restrictedSecurityContext,
  networkPolicySelectsPods,
  alertRulesExist,
  alertsReachOwner,
  tracesArrive,
  traceErrorRatio,
  argoCdSyncedHealthy,
  imageFromOrganisationEcr,
  imageScanClean,
  templateCurrent,
].map(rule => ({ ...rule, source: 'eks-platform' }));
