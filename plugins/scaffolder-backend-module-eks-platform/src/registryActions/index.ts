import { LoggerService } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { registerWriteAction } from './asRegistryAction';
import {
  argocdRegisterTool,
  ecrCreateTool,
  githubRepoConfigureTool,
  vaultRegisterTool,
} from './eksWriteTools';
import { registerTemplateUpgradeTools } from './templateUpgradeTools';

type Action = TemplateAction<any, any, any>;

/**
 * The eks:* write operations as agent tools (served over MCP as
 * `scaffolder.eks-…`). Every one reconciles: a second identical call
 * changes nothing (idempotent), and each may overwrite settings of the
 * service's own resource with the requested ones (destructive), except the
 * template upgrade, which only proposes a pull request (and has a
 * read-only preview).
 */
export function registerEksWriteTools(options: {
  registry: ActionsRegistryService;
  logger: LoggerService;
  actions: {
    ecr: Action;
    argocd: Action;
    vault: Action;
    github: Action;
    templateUpgrade: Action;
  };
}) {
  const { registry, logger, actions } = options;
  for (const tool of [
    ecrCreateTool(actions.ecr),
    argocdRegisterTool(actions.argocd),
    vaultRegisterTool(actions.vault),
    githubRepoConfigureTool(actions.github),
  ])
    registerWriteAction(registry, logger, tool);
  registerTemplateUpgradeTools({
    registry,
    logger,
    action: actions.templateUpgrade,
  });
}
