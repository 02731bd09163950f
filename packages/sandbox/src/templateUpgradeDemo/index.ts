export {
  defaultTemplateUpgradeDemoDir,
  LEGACY_SERVICE_FILES,
  legacyServiceSeed,
  TEMPLATE_UPGRADE_DEMO,
  writeDemoTemplateHistory,
} from './templateUpgradeDemo';
export { templateRepositoryGit, writeTemplateHistory } from './templateHistory';
export type { TemplateHistoryOptions } from './templateHistory';
