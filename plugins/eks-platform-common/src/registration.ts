/**
 * Facts about a service the golden path registered but that is not running
 * yet: its GitOps registration pull request and its latest CI run. They make
 * a new service read "Pending", with somewhere to go, instead of "Healthy".
 */
export interface RegistrationFacts {
  /** The open registration pull request in the GitOps repository. */
  pullRequest?: { url: string; title: string; number: number };
  /** The latest CI (GitHub Actions) run of the service's repository. */
  ciRun?: { url: string; status: string; conclusion?: string };
}
