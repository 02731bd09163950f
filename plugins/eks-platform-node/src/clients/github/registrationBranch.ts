/**
 * The branch of a service's GitOps registration pull request: one per
 * service. eks:argocd:register pushes it; the status backend reads it to
 * tell a service whose registration is still open.
 */
export function registrationBranch(service: string): string {
  return `backstage/eks-platform/${service}`;
}
