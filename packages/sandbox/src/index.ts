export { startSandbox, defaultCatalogDir } from './sandbox';
export type { Sandbox, SandboxOptions, SandboxUrls } from './sandbox';
export { DEFAULT_PORTS, SANDBOX_TOKENS } from './ports';
export { freePort } from './shared/process';
export { sandboxStatusConfig } from './statusBackendConfig';
export { backstageKubernetesConfig } from './kubernetes/backstageConfig';

export {
  startKubernetesClusters,
  ensureCaDataFile,
  DEFAULT_KUBE_TOKEN,
  KubeClient,
  KubeApiError,
  NO_FAULTS,
  CRD_SOURCES,
  crdDocuments,
  installCrds,
  startAdmissionServer,
} from './kubernetes';
export type {
  KubernetesCluster,
  KubernetesClusters,
  KubernetesClustersOptions,
  KubernetesClusterSpec,
  ClusterFaults,
  ProxiedRequest,
  KubeObject,
  CrdSource,
  EtcdServer,
  AdmissionResult,
  AdmissionServer,
} from './kubernetes';
export { startArgoCdSimulator, IN_CLUSTER } from './argocd';
export type {
  ArgoCdSimulator,
  ArgoCdSimulatorOptions,
  ArgoCdCluster,
  Application,
  ApplicationRequest,
} from './argocd';
export { startVaultSimulator } from './vault';
export type { VaultSimulator, VaultSimulatorOptions } from './vault';
export { gitHubSimulatorIntegrations, startGitHubSimulator } from './github';
export type { GitHubSimulator, GitHubSimulatorOptions } from './github';
export {
  ecrSimulatorAwsConfig,
  startEcrSimulator,
  FINDING_SEVERITIES,
} from './ecr';
export type {
  EcrSimulator,
  EcrSimulatorOptions,
  ImageCatalog,
  ImageScanFinding,
  SeededImage,
} from './ecr';
export {
  startTracePipeline,
  detectTracePipelineBinaries,
  startSpanEmitter,
  startTracingStack,
  tracingStackAvailability,
} from './traces';
export type {
  TracePipeline,
  TracePipelineOptions,
  SpanEmitter,
  SpanEmitterOptions,
  SpanEmitterStats,
  ServiceCalls,
  TracingStack,
  TracingStackOptions,
} from './traces';
export {
  startPrometheusStack,
  startMetricsExporter,
  detectPrometheusBinaries,
  chartRuleGroups,
  serviceRuleGroups,
  serviceChartValues,
  teamReceiver,
  SANDBOX_RULE_TIMING,
} from './prometheus';
export type {
  PrometheusStack,
  PrometheusStackOptions,
  MetricsExporter,
  AlertRuleTiming,
  ChartRuleValues,
  RuleGroup,
} from './prometheus';
export { startControlServer } from './control';
export type { ControlServer } from './control';
export {
  buildFleet,
  SANDBOX_PORTAL_URL,
  PLATFORM_DOCS_ENTITY,
  sandboxRunbookUrl,
  DEFAULT_READINESS_BREAKS,
  READINESS_BREAK_RULES,
  READINESS_BREAKS,
} from './fleet';
export type {
  Fleet,
  FleetService,
  FleetOptions,
  ReadinessBreak,
} from './fleet';
export { demoImageCatalog } from './ecr/demoImages';
export {
  WorkloadSimulator,
  TrafficModel,
  ApiServerSink,
  ZONES,
  watchLiveWorkloads,
} from './workload';
export type {
  WorkloadSimulatorOptions,
  TickStats,
  FlushStats,
} from './workload';
export {
  findUpstreamBinary,
  helmEnvironment,
  repositoryRoot,
  runHelm,
  upstreamBinary,
  upstreamFiles,
} from './upstreams';
export type { HelmResult, UpstreamBinary, UpstreamFiles } from './upstreams';
export {
  findExecutable,
  findPostgresBinDir,
  freePortSync,
  startPostgres,
  startRealServersOrSkip,
  startRedis,
  RealServerUnavailableError,
  waitForPortSync,
} from './realServers';
export type { RealServer, RealServerName, RealServers } from './realServers';
export {
  githubRequest,
  mergePullRequest,
  mergeWhenOpen,
  openPullRequest,
  pullRequestsOf,
  runReleaseWorkflow,
  serviceInCluster,
  waitUntilRunning,
} from './release';
export type {
  ClusterAccess,
  GitHubAccess,
  PullRequest,
  ReleaseJob,
  ReleaseOptions,
  ReleaseRun,
  ServiceInCluster,
} from './release';
export {
  defaultTemplateUpgradeDemoDir,
  LEGACY_SERVICE_FILES,
  legacyServiceSeed,
  TEMPLATE_UPGRADE_DEMO,
  templateRepositoryGit,
  writeDemoTemplateHistory,
  writeTemplateHistory,
} from './templateUpgradeDemo';
export type { TemplateHistoryOptions } from './templateUpgradeDemo';
