import { LoggerService } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { argocdRegisterInput } from '../actions/argocdRegister/argocdRegister.input';
import { ecrCreateInput } from '../actions/ecrCreate/ecrCreate.input';
import { githubRepoSettingsInput } from '../actions/githubRepoSettings/githubRepoSettings.input';
import { vaultRegisterInput } from '../actions/vaultRegister/vaultRegister.input';
import { registerWriteAction } from './asRegistryAction';
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
  const common = { idempotent: true, destructive: true };
  registerWriteAction(registry, logger, {
    ...common,
    name: 'eks-ecr-create',
    title: 'Create or reconcile an ECR repository',
    description:
      "Creates the service's ECR image repository (scan on push, immutable tags, encryption, lifecycle policy, cross-account pull access, tags) marked with its owner, or reconciles the settings of the one it created before. Another team's or an unmarked repository is refused before any write.",
    action: actions.ecr,
    input: ecrCreateInput as any,
    examples: [
      {
        title: 'Repository of a new service of team-commerce',
        input: {
          repositoryName: 'orders-api',
          owner: 'group:default/team-commerce',
        },
      },
    ],
  });
  registerWriteAction(registry, logger, {
    ...common,
    name: 'eks-argocd-register',
    title: 'Register a service in Argo CD',
    description:
      "Registers the service's Argo CD AppProject and Applications (one per environment) through the Argo CD API or a GitOps pull request, marked with its owner; reconciles its own and refuses another team's.",
    action: actions.argocd,
    input: argocdRegisterInput as any,
  });
  registerWriteAction(registry, logger, {
    ...common,
    name: 'eks-vault-register',
    title: 'Register a service in Vault',
    description:
      "Creates the service's Vault ACL policy, Kubernetes auth role per environment and KV paths (and a database role when asked), marked with its owner; reconciles its own and refuses another team's. Returns paths and names, never a secret value.",
    action: actions.vault,
    input: vaultRegisterInput as any,
  });
  registerWriteAction(registry, logger, {
    ...common,
    name: 'eks-github-repo-configure',
    title: "Configure a service's GitHub repository",
    description:
      "Configures the service's GitHub repository: branch protection, environments with their protection, CI variables and secrets for deployment, for the team that owns the repository; refuses another team's repository.",
    action: actions.github,
    input: githubRepoSettingsInput as any,
  });
  registerTemplateUpgradeTools({
    registry,
    logger,
    action: actions.templateUpgrade,
  });
}
