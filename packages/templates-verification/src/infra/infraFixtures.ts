import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { TemplateValues } from '../scaffolder/inputSets';
import { ParseOptions, TerraformModule, parseTerraform } from './hclJson';
import { TrustExpectations } from './iamPolicyRules';

/*
 * What applying the generated infra/ would be given besides its tfvars, and
 * what its IAM documents must then say, derived from the form's values.
 */

/** The numeric GitHub IDs passed at apply time (the repository exists by then). */
export const GITHUB_OWNER_ID = '90817263';
export const GITHUB_REPOSITORY_ID = '771234501';

/** An MSK cluster as `data "aws_msk_cluster"` would return it. */
export function mskCluster(values: TemplateValues) {
  const arn = `arn:aws:kafka:${values.awsRegion}:${values.awsAccountId}:cluster/${values.kafkaCluster}/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-7`;
  return {
    arn,
    bootstrap_brokers_sasl_iam: `b-1.${values.kafkaCluster}.abc123.c7.kafka.${values.awsRegion}.amazonaws.com:9098,b-2.${values.kafkaCluster}.abc123.c7.kafka.${values.awsRegion}.amazonaws.com:9098`,
  };
}

/** The OIDC issuer of an environment's EKS cluster, as `data "aws_eks_cluster"` returns it. */
export function clusterIssuer(values: TemplateValues, environment: string) {
  const id = createHash('sha256')
    .update(environment)
    .digest('hex')
    .slice(0, 32)
    .toUpperCase();
  return `https://oidc.eks.${values.awsRegion}.amazonaws.com/id/${id}`;
}

export function repoOf(values: TemplateValues): {
  owner: string;
  repo: string;
} {
  const query = new URLSearchParams(String(values.repoUrl).split('?')[1]);
  return { owner: query.get('owner')!, repo: query.get('repo')! };
}

export function githubSubject(values: TemplateValues): string {
  const { owner, repo } = repoOf(values);
  return `repo:${owner}@${GITHUB_OWNER_ID}/${repo}@${GITHUB_REPOSITORY_ID}:ref:refs/heads/main`;
}

/**
 * A root module of the generated infra/, parsed as `terraform plan` would
 * see it: its terraform.tfvars, then the apply-time variables, then any
 * extra var files; provider-side values as given (or the stack's defaults).
 */
function parseStack(
  repoDir: string,
  stack: 'ci' | 'runtime',
  applyTimeVars: string,
  defaultAssume: Record<string, unknown>,
  extra: ParseOptions,
): TerraformModule {
  const dir = path.join(repoDir, 'infra', stack);
  const applyVars = path.join(
    fs.mkdtempSync(path.join(repoDir, '.apply-')),
    'apply.tfvars',
  );
  fs.writeFileSync(applyVars, applyTimeVars);
  return parseTerraform(dir, {
    varFiles: [
      path.join(dir, 'terraform.tfvars'),
      applyVars,
      ...(extra.varFiles ?? []),
    ],
    assume: extra.assume ?? defaultAssume,
  });
}

/** The CI stack of a generated repository; the GitHub IDs are given at apply time. */
export function parseCiStack(
  repoDir: string,
  values: TemplateValues,
  extra: ParseOptions = {},
): TerraformModule {
  return parseStack(
    repoDir,
    'ci',
    `github_owner_id = "${GITHUB_OWNER_ID}"\ngithub_repository_id = "${GITHUB_REPOSITORY_ID}"\n`,
    {
      data: {
        aws_iam_openid_connect_provider: {
          github: {
            arn: `arn:aws:iam::${values.awsAccountId}:oidc-provider/token.actions.githubusercontent.com`,
          },
        },
      },
    },
    extra,
  );
}

export function ciExpectations(values: TemplateValues): TrustExpectations {
  return { githubSubjects: [githubSubject(values)] };
}

/** The runtime stack for one environment (`terraform apply -var environment=<env>`). */
export function parseRuntimeStack(
  repoDir: string,
  values: TemplateValues,
  environment: string,
  extra: ParseOptions = {},
): TerraformModule {
  return parseStack(
    repoDir,
    'runtime',
    `environment = ${JSON.stringify(environment)}\n`,
    runtimeProviderData(values, environment),
    extra,
  );
}

/** What the AWS provider would read for one environment: its cluster, that cluster's IAM OIDC provider, the MSK cluster. */
export function runtimeProviderData(
  values: TemplateValues,
  environment: string,
) {
  const issuer = clusterIssuer(values, environment);
  return {
    data: {
      aws_eks_cluster: { this: { identity: [{ oidc: [{ issuer }] }] } },
      aws_iam_openid_connect_provider: {
        cluster: {
          arn: `arn:aws:iam::${
            values.awsAccountId
          }:oidc-provider/${issuer.replace('https://', '')}`,
        },
      },
      aws_msk_cluster: { event_bus: [mskCluster(values)] },
    },
  };
}

export function runtimeExpectations(
  values: TemplateValues,
  environment: string,
): TrustExpectations {
  return {
    irsa: {
      issuer: clusterIssuer(values, environment),
      accountId: String(values.awsAccountId),
      namespace: String(values.namespace),
      serviceAccount: String(values.name),
    },
  };
}
