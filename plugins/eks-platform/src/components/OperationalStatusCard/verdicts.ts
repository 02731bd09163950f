export { operationalVerdicts } from '@internal/backstage-plugin-eks-platform-common';
export type {
  SourceVerdict,
  VerdictId,
  VerdictState,
} from '@internal/backstage-plugin-eks-platform-common';
