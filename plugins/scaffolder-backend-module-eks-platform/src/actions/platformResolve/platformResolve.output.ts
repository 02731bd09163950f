import type { z as zod } from 'zod/v3';

type Z = typeof zod;

/**
 * The outputs of eks:platform:resolve (shown at /create/actions). Templates
 * pass them to fetch:template and the eks:* steps instead of asking the
 * developer.
 */
export const platformResolveOutput = {
  entityRef: (z: Z) =>
    z.string({ description: 'The new Component: component:default/<name>.' }),
  ownerRef: (z: Z) =>
    z.string({
      description: 'The owner, canonical: group:<namespace>/<name>.',
    }),
  team: (z: Z) =>
    z.string({
      description: "The owner's name ({team} in namespace patterns).",
    }),
  namespace: (z: Z) =>
    z.string({
      description:
        "The service's namespace in the first chosen environment (the same in all when the team's namespaces are configured).",
    }),
  environmentNames: (z: Z) =>
    z.array(z.string(), {
      description: 'The chosen environments in config (promotion) order.',
    }),
  environments: (z: Z) =>
    z.array(z.object({}).passthrough(), {
      description:
        'Per environment: name, cluster, namespace, promotion, aws {accountId, region}, ingress {className, sourceRanges}, vaultAuthMount, argocd {instance, destinationServer|destinationName}, runtimeRoleArn, allowedCallers and dependencies [{entityRef, name, namespace, port}].',
    }),
  environmentSettings: (z: Z) =>
    z.record(z.object({}).passthrough(), {
      description:
        "Keyed by environment name, what the skeleton's values-<env>.yaml reads: clusterName, namespace, awsAccountId, awsRegion, loadBalancerSourceRanges, ingressClassName, vaultAuthMount, runtimeRoleArn, promotion, and database {host, name, port, sslMode, caBundle, poolMax, cidrs} / kafka {cluster, clusterArn, brokers, brokerCidrs} when asked for.",
    }),
  awsAccountId: (z: Z) =>
    z.string({ description: 'Account of the ECR registry (eksPlatform.ecr).' }),
  awsRegion: (z: Z) =>
    z.string({ description: 'Region of the ECR registry (eksPlatform.ecr).' }),
  ecrRegistry: (z: Z) =>
    z.string({
      description:
        'Registry host, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com.',
    }),
  imageRepository: (z: Z) =>
    z.string({ description: 'The image repository URI: <registry>/<name>.' }),
  ciRoleArn: (z: Z) =>
    z.string({
      description:
        'The CI role the release workflow assumes over OIDC (infra/ci creates it).',
    }),
  argocdInstance: (z: Z) =>
    z.string({
      description:
        "The first environment's Argo CD instance (the catalog's argocd/instance-name).",
    }),
  gitopsRepoUrl: (z: Z) =>
    z.string({
      description:
        'The GitOps repository (eksPlatform.gitops.repoUrl), RepoUrlPicker format.',
    }),
  runbookBaseUrl: (z: Z) =>
    z.string({
      description:
        "The runbook page the service's alerts link (eksPlatform.alerts.runbookBaseUrl; default its TechDocs runbook on this portal), for the chart's monitoring.runbookBaseUrl; empty when the portal has no app.baseUrl.",
    }),
  kafka: (z: Z) =>
    z.object(
      {
        cluster: z.string(),
        clusterArn: z.string(),
        brokers: z.array(z.string()),
        brokerCidrs: z.array(z.string()),
      },
      {
        description:
          "With messaging kafka: the first environment's event bus (cluster name, ARN, bootstrap brokers, broker CIDRs) for the chart's defaults and infra/runtime; empty otherwise. Per environment in environmentSettings.<env>.kafka.",
      },
    ),
  allowedCallers: (z: Z) =>
    z.array(z.object({ name: z.string(), namespace: z.string() }), {
      description:
        "The callers' workloads, for the chart's networkPolicy.allowedCallers.",
    }),
  dependencies: (z: Z) =>
    z.array(
      z.object({ name: z.string(), namespace: z.string(), port: z.string() }),
      {
        description:
          "The dependencies' workloads, for the chart's networkPolicy.dependencies.",
      },
    ),
  dependsOn: (z: Z) =>
    z.array(z.string(), { description: 'Component refs for spec.dependsOn.' }),
  consumesApis: (z: Z) =>
    z.array(z.string(), { description: 'API refs for spec.consumesApis.' }),
};
