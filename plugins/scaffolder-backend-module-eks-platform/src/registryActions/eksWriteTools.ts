import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { argocdRegisterInput } from '../actions/argocdRegister/argocdRegister.input';
import { ecrCreateInput } from '../actions/ecrCreate/ecrCreate.input';
import { githubRepoSettingsInput } from '../actions/githubRepoSettings/githubRepoSettings.input';
import { vaultRegisterInput } from '../actions/vaultRegister/vaultRegister.input';
import { RegistryWrite } from './asRegistryAction';

type Action = TemplateAction<any, any, any>;

/*
 * The eks:* write operations as agent tools, one definition each. Every one
 * reconciles: a second identical call changes nothing (idempotent), and each
 * may overwrite settings of the service's own resource with the requested
 * ones (destructive). Their examples are what an agent is shown; each runs
 * unchanged against the sandbox's simulators in the action's
 * `*.examples.test.ts`.
 */
const common = { idempotent: true, destructive: true };

export function ecrCreateTool(action: Action): RegistryWrite {
  return {
    ...common,
    name: 'eks-ecr-create',
    title: 'Create or reconcile an ECR repository',
    description:
      "Creates the service's ECR image repository (scan on push, immutable tags, encryption, lifecycle policy, cross-account pull access, tags) marked with its owner, or reconciles the settings of the one it created before. Another team's or an unmarked repository is refused before any write.",
    action,
    input: ecrCreateInput as any,
    examples: [
      {
        title: 'Repository of a new service of team payments',
        input: {
          repositoryName: 'orders-api',
          owner: 'group:default/payments',
        },
      },
    ],
  };
}

export function argocdRegisterTool(action: Action): RegistryWrite {
  return {
    ...common,
    name: 'eks-argocd-register',
    title: 'Register a service in Argo CD',
    description:
      "Registers the service's Argo CD AppProject and Applications (one per environment) through the Argo CD API or a GitOps pull request, marked with its owner; reconciles its own and refuses another team's.",
    action,
    input: argocdRegisterInput as any,
    examples: [
      {
        title:
          "GitOps pull request with team-payments' AppProject and an Application per environment",
        input: {
          name: 'orders-api',
          owner: 'group:default/team-payments',
          environments: ['dev', 'prod'],
          chartRepoUrl: 'https://github.com/acme/orders-api.git',
        },
      },
      {
        title: 'Create the dev Application through the Argo CD API',
        input: {
          mode: 'api',
          name: 'orders-api',
          owner: 'group:default/team-payments',
          environments: ['dev'],
          namespace: 'payments',
          chartRepoUrl: 'https://github.com/acme/orders-api.git',
        },
      },
    ],
  };
}

export function vaultRegisterTool(action: Action): RegistryWrite {
  return {
    ...common,
    name: 'eks-vault-register',
    title: 'Register a service in Vault',
    description:
      "Creates the service's Vault ACL policy, Kubernetes auth role per environment and KV paths (and a database role when asked), marked with its owner; reconciles its own and refuses another team's. Returns paths and names, never a secret value.",
    action,
    input: vaultRegisterInput as any,
    examples: [
      {
        title: 'Policy, Kubernetes role and KV path of a new service',
        input: {
          serviceName: 'orders-api',
          owner: 'group:default/payments',
          namespace: 'payments',
          secretPaths: ['orders-api/config'],
        },
      },
      {
        title: 'With a dynamic PostgreSQL role from the "readwrite" template',
        input: {
          serviceName: 'orders-api',
          owner: 'group:default/payments',
          namespace: 'payments',
          databaseRole: {
            name: 'orders-api',
            dbName: 'payments-postgres',
            template: 'readwrite',
          },
        },
      },
    ],
  };
}

export function githubRepoConfigureTool(action: Action): RegistryWrite {
  return {
    ...common,
    name: 'eks-github-repo-configure',
    title: "Configure a service's GitHub repository",
    description:
      "Configures the service's GitHub repository: branch protection, environments with their protection, CI variables and secrets for deployment, for the team that owns the repository; refuses another team's repository.",
    action,
    input: githubRepoSettingsInput as any,
    examples: [
      {
        title:
          'dev and prod environments, prod reviewed and deployed from main',
        input: {
          repoUrl: 'github.com?owner=acme&repo=orders-api',
          owner: 'group:default/payments',
          environments: [
            { name: 'dev' },
            {
              name: 'prod',
              reviewers: { teams: ['platform'] },
              deploymentBranches: ['main'],
            },
          ],
        },
      },
    ],
  };
}
