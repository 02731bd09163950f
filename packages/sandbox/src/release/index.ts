export {
  githubRequest,
  mergePullRequest,
  mergeWhenOpen,
  openPullRequest,
  pullRequestsOf,
} from './githubRest';
export type { GitHubAccess, PullRequest } from './githubRest';
export { runReleaseWorkflow } from './releaseWorkflow';
export type { ReleaseJob, ReleaseOptions, ReleaseRun } from './releaseWorkflow';
export { serviceInCluster, waitUntilRunning } from './serviceRollout';
export type { ClusterAccess, ServiceInCluster } from './serviceRollout';
