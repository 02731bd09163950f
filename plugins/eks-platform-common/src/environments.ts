/**
 * One platform environment as the portal shows it to developers
 * (`GET /api/eks-platform/v1/environments`): enough to choose where a
 * service runs, nothing that grants access. Accounts, Argo CD instances,
 * destination servers and Vault mounts stay on the backend; the scaffolder
 * actions resolve them from the environment's name.
 */
export interface PlatformEnvironmentSummary {
  /** The name templates and actions take, e.g. `dev`. */
  name: string;
  /** What the form shows; the name when config gives no title. */
  title: string;
  /** What the environment is for, from config; empty when config gives none. */
  description: string;
  /** The Kubernetes cluster (a name of the standard `kubernetes` config block). */
  cluster: string;
  /** AWS region of the environment. */
  region: string;
  /** How a release reaches it: on merge, or by a reviewed pull request. */
  promotion: 'automatic' | 'pull-request';
}

/** Body of `GET /api/eks-platform/v1/environments`, in config order. */
export interface PlatformEnvironmentsResponse {
  items: PlatformEnvironmentSummary[];
}
