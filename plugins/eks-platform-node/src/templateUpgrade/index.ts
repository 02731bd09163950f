export { upgradeService, upgradeBranch } from './upgradeService';
export type {
  UpgradeServiceRequest,
  UpgradeServiceResult,
} from './upgradeService';
export { GitTemplateHistory, templateInFolder } from './templateHistory';
export type { TemplateHistory, TemplateAtVersion } from './templateHistory';
export {
  TEMPLATE_RECORD_API_VERSION,
  SECRET_VALUE_KEY,
  assertRecordable,
  createTemplateRecord,
  parseTemplateRecord,
  secretLookingValues,
} from './templateRecord';
export type { TemplateRecord } from './templateRecord';
export {
  compareTemplateVersions,
  isTemplateVersion,
  templateVersionOf,
} from './templateVersion';
export { renderTemplate, readTree } from './renderTemplate';
export type { RenderedFile, RenderedTree } from './renderTemplate';
export { readTemplateDefinition, valuesForVersion } from './templateSteps';
export { mergeTemplateUpgrade } from './threeWayMerge';
export type { FileOutcome, MergeResult } from './threeWayMerge';
export { changelogExcerpt } from './changelog';
export { changedFiles } from './upgradeDiff';
export {
  readTemplateSources,
  findTemplateSource,
  openTemplateHistory,
} from './templateSources';
export type { TemplateSource } from './templateSources';
export { templateDigest } from './templateDigest';
export { resolveUpgradeTrust, checkServiceRepository } from './upgradeTrust';
export type { UpgradeTrust, UpgradeTrustDeps } from './upgradeTrust';
export {
  ServiceUpgrades,
  serviceRepoUrl,
  TEMPLATE_UPGRADE_ACTION_ID,
} from './serviceUpgrades';
export type {
  AuthorizedUpgrade,
  AuthorizeUpgradeRequest,
  RunUpgradeRequest,
  ServiceUpgradesOptions,
  UpgradePullRequestState,
} from './serviceUpgrades';
