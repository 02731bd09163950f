/**
 * Test set-up shared by several EKS Platform packages (a devDependency of
 * each; never of eks-platform-node, eks-platform-common or the sandbox,
 * which it depends on). Set-up used by one package stays in that package's
 * __testUtils__.
 *
 * @packageDocumentation
 */

export {
  ALICE,
  BOB,
  CAROL,
  groupEntity,
  ORGANISATION,
  PLATFORM,
  ROOT,
  TEAM_A,
  TEAM_B,
  userEntity,
} from './catalog/organisation';
export { PROD_ENVIRONMENT_CONFIG } from './config/prodEnvironment';
export { ProcessOutputTail } from './process/ProcessOutputTail';
export {
  MINI_TEMPLATE_ENTITY,
  MINI_TEMPLATE_PATH,
  MINI_TEMPLATE_REF,
  miniServiceEntity,
  miniServiceFilesAtFirstVersion,
  miniTemplateUpgradesConfig,
} from './templateUpgrade/miniTemplate';
