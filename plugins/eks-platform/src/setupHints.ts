export {
  ALERTS_SETUP_HINT,
  ARGOCD_SETUP_HINT,
  KUBERNETES_SETUP_HINT,
  TRACES_SETUP_HINT,
} from '@internal/backstage-plugin-eks-platform-common';
