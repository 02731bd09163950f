/**
 * Node.js library of the EKS platform plugins: what the scaffolder actions
 * and the status backend share (errors, HTTP with timeout/retry, config
 * readers, upstream clients) and the multi-team trust foundation every
 * action builds on (ownership markers, caller identity, platform allow-lists
 * and input validators).
 *
 * @packageDocumentation
 */

// Errors and HTTP
export {
  UpstreamError,
  hintForStatus,
  isRetryableStatus,
  parseRetryAfter,
} from './errors/UpstreamError';
export type { UpstreamFailure, UpstreamName } from './errors/UpstreamError';
export { redact } from './errors/redact';
export { networkCode } from './errors/networkCode';
export { describeUpstreamFailure } from './errors/describeUpstreamFailure';
export {
  UpstreamHttpClient,
  DEFAULT_TIMEOUT_MS,
} from './http/UpstreamHttpClient';
export type {
  HttpClientOptions,
  HttpRequest,
  HttpResponse,
} from './http/UpstreamHttpClient';
export { withRetry, sleepWithSignal, DEFAULT_RETRY } from './http/retry';
export type { RetryOptions } from './http/retry';
export { fetchUpstreamJson } from './http/fetchUpstreamJson';
export type { UpstreamJsonRequest } from './http/fetchUpstreamJson';
export { publicBaseUrl, splitCredentials } from './http/safeUrl';

// Config readers
export { requireHttpUrl, requireUniqueNames } from './config/urls';
export { readCallPolicy } from './config/callPolicy';
export type { CallPolicy } from './config/callPolicy';
export { readArgoCdInstances, selectArgoCdInstance } from './config/argocd';
export type { ArgoCdInstanceConfig } from './config/argocd';
export { readVaultConfig } from './config/vault';
export type { VaultConfig, VaultAuthConfig } from './config/vault';
export { readEcrConfig } from './config/ecr';
export type { EcrConfig } from './config/ecr';
export { readGitOpsConfig } from './config/gitops';
export type { GitOpsConfig } from './config/gitops';
export { readAlertsConfig, runbookUrlFor } from './config/alerts';
export type { AlertsConfig } from './config/alerts';
export { readPlatformAdmins } from './config/platformAdmins';
export {
  readTenancyConfig,
  ALWAYS_RESERVED_NAMESPACES,
  ALWAYS_RESERVED_VAULT_NAMES,
} from './config/tenancy';
export type { TenancyConfig, TeamTenancy } from './config/tenancy';
export { readEnvironments, namespaceFromPattern } from './config/environments';
export type { EnvironmentConfig } from './config/environments';
export type { EnvironmentKafka } from './config/environmentKafka';
export { readDatabases } from './config/databases';
export type {
  DatabaseFacts,
  DatabaseEnvironmentFacts,
  DatabaseSslMode,
} from './config/databases';
export { resolveEnvironmentFacts } from './config/environmentFacts';
export type {
  EnvironmentFacts,
  EnvironmentFactsQuestion,
  DatabaseValues,
  KafkaValues,
} from './config/environmentFacts';
export { readDatabaseRoleTemplates } from './config/databaseRoleTemplates';
export { resolveTeam } from './config/teams';
export type { ResolvedTeam } from './config/teams';
export { readPlatformPolicy } from './config/platformPolicy';
export type { PlatformPolicy } from './config/platformPolicy';

// Upstream clients
export { createArgoCdClient } from './clients/argocd/argoCdClient';
export { VaultClient } from './clients/vault/VaultClient';
export {
  VAULT_ROLE_MARKER_MIN_VERSION,
  vaultVersionAtLeast,
  requireVaultRoleMarkers,
} from './clients/vault/vaultVersion';
export { createEcrCaller, toUpstreamError } from './clients/ecr/ecrCaller';
export type { EcrCaller } from './clients/ecr/ecrCaller';
export { createImageScanReader } from './clients/ecr/imageScanReader';
export type {
  ImageScanRead,
  ImageScanReader,
  ImageScanTarget,
} from './clients/ecr/imageScanReader';
export { githubAccess } from './clients/github/githubAccess';
export { parseGithubRepoUrl } from './clients/github/parseGithubRepoUrl';
export type { GithubRepoRef } from './clients/github/parseGithubRepoUrl';
export { GithubClient } from './clients/github/GithubClient';
export { registrationBranch } from './clients/github/registrationBranch';
export { readRepositoryFile } from './clients/github/readRepositoryFile';
export { proposeChange, gitBlobSha } from './clients/github/proposeChange';
export {
  assertBranchIsOwn,
  isOwnCommit,
  readTrailers,
  withTrailers,
} from './clients/github/changeAuthorship';
export type {
  BranchCommit,
  ChangeAuthorship,
} from './clients/github/changeAuthorship';
export type {
  PullRequestChange,
  PullRequestResult,
} from './clients/github/proposeChange';

// Catalog refs
export {
  canonicalEntityRef,
  sameEntityRef,
  entityName,
} from './catalog/entityRefs';

// Input validators
export * from './validation/inputs';
export { isDnsLabel } from './validation/patterns';

// Ownership: markers, the one decision, adoption
export {
  ownershipMarker,
  markerFromMap,
  markerFromValues,
  markerToMap,
  sameOwnership,
  MARKER_KEYS,
} from './ownership/marker';
export type { OwnershipMarker } from './ownership/marker';
export { decideOwnership, assertMayAdopt } from './ownership/decideOwnership';
export type {
  OwnershipDecision,
  OwnershipQuestion,
  OwnershipCaller,
} from './ownership/decideOwnership';
export {
  ADOPT_EXISTING_INPUT,
  adoptExistingInputSchema,
} from './ownership/adoptExisting';
export { ecrMarkerTags, readEcrMarker } from './ownership/markers/ecr';
export {
  withVaultPolicyMarker,
  readVaultPolicyMarker,
  vaultRoleAliasMetadata,
  readVaultRoleMarker,
  kvCustomMetadata,
  readKvMarker,
} from './ownership/markers/vault';
export {
  ARGOCD_MARKER_LABELS,
  argoCdMarkerMetadata,
  withArgoCdMarker,
  readArgoCdMarker,
} from './ownership/markers/argocd';
export {
  withGitOpsFileMarker,
  readGitOpsFileMarker,
} from './ownership/markers/gitops';
export {
  readEntityMarker,
  readCatalogInfoMarker,
} from './ownership/markers/catalog';

// Who the caller is
export { CallerIdentity } from './identity/CallerIdentity';
export { DefaultCallerIdentityService } from './identity/CallerIdentityService';
export type {
  CallerIdentityService,
  TaskInitiator,
} from './identity/CallerIdentityService';
export { callerIdentityServiceRef } from './identity/callerIdentityServiceRef';
export { classifyHost, parseIpv4 } from './validation/addresses';
export type { InternalAddressClass } from './validation/addresses';
export { isHostAllowed, checkHostAllowed } from './validation/hosts';
export {
  checkUpstreamHost,
  checkUpstreamUrl,
  checkResolvedHost,
  internalHostReason,
} from './validation/upstreamUrls';
export { isCidr, isEveryAddress } from './validation/cidrs';
export type {
  AddressPolicy,
  UpstreamUrlPolicy,
} from './validation/upstreamUrls';
export {
  checkVaultName,
  checkKvPathInPrefix,
  checkNamespaceNotReserved,
  checkTeamNamespace,
  checkEcrPullAccounts,
  ecrRegistryHost,
  checkEcrRegistryHost,
  checkGithubOrganization,
  checkDatabaseConnection,
  databaseRoleStatements,
} from './validation/tenancyChecks';

// Scorecard: the rule contract and the extension point modules add rules through
export { eksPlatformScorecardRulesExtensionPoint } from './scorecard/scorecardRules';
export type {
  ScorecardEnvironment,
  ScorecardRule,
  ScorecardRuleContext,
  ScorecardRulesExtensionPoint,
  ScorecardThresholds,
  ScorecardVerdict,
} from './scorecard/scorecardRules';
