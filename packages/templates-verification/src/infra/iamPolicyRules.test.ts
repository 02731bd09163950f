import fs from 'node:fs';
import path from 'node:path';
import { generatedTrees, writeTree } from '../scaffolder/generatedTrees';
import { fullValues } from '../scaffolder/inputSets';
import { TerraformModule } from './hclJson';
import { Violation, checkIamPolicies } from './iamPolicyRules';
import {
  GITHUB_OWNER_ID,
  GITHUB_REPOSITORY_ID,
  ciExpectations,
  parseCiStack,
  parseRuntimeStack,
  runtimeExpectations,
  runtimeProviderData,
} from './infraFixtures';

/*
 * Each rule of the policy check, broken on purpose in a copy of the generated
 * Terraform: the check must name the rule. The unbroken copy passes (see
 * generatedInfra.test.ts), so each failure here comes from the one edit.
 */

jest.setTimeout(120_000);

let pristine: string;
let repo: string;

beforeAll(async () => {
  pristine = writeTree((await generatedTrees()).full, 'iam-rules');
});
beforeEach(() => {
  repo = fs.mkdtempSync(`${pristine}-case-`);
  fs.cpSync(pristine, repo, { recursive: true });
});
afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));
afterAll(() => fs.rmSync(pristine, { recursive: true, force: true }));

/** Replaces `from` (which must be there) in one generated file. */
function edit(file: string, from: string | RegExp, to: string) {
  const full = path.join(repo, 'infra', file);
  const text = fs.readFileSync(full, 'utf8');
  const changed = text.replace(from, to);
  expect(changed).not.toBe(text);
  fs.writeFileSync(full, changed);
}

function append(file: string, text: string) {
  fs.appendFileSync(path.join(repo, 'infra', file), text);
}

const ci = () =>
  checkIamPolicies(parseCiStack(repo, fullValues), ciExpectations(fullValues));
const runtime = (environment = 'prod', module?: TerraformModule) =>
  checkIamPolicies(
    module ?? parseRuntimeStack(repo, fullValues, environment),
    runtimeExpectations(fullValues, environment),
  );

function rules(violations: Violation[]): string[] {
  return [...new Set(violations.map(v => v.rule))].sort();
}

describe('the IAM policy check fails when a rule breaks', () => {
  it('a wildcard action', () => {
    edit('ci/main.tf', '"ecr:PutImage",', '"ecr:*",');
    const violations = ci();
    expect(rules(violations)).toEqual(['no-wildcard-actions']);
    expect(violations[0].message).toMatch(/action "ecr:\*" is a wildcard/);
    expect(violations[0].where).toBe(
      'data.aws_iam_policy_document.ecr_push statement PushThisRepository',
    );
  });

  it('a wildcard resource on the push statement', () => {
    edit(
      'ci/main.tf',
      'resources = [local.ecr_repository_arn]',
      'resources = ["*"]',
    );
    expect(rules(ci())).toEqual(['no-wildcard-resources']);
  });

  it('a repository pattern instead of this repository', () => {
    edit(
      'ci/main.tf',
      'ecr_repository_arn = "arn:aws:ecr:${var.aws_region}:${var.aws_account_id}:repository/${var.ecr_repository_name}"',
      'ecr_repository_arn = "arn:aws:ecr:${var.aws_region}:${var.aws_account_id}:repository/*"',
    );
    expect(rules(ci())).toEqual(['no-wildcard-resources']);
  });

  it('another action riding on the "*" of the registry login', () => {
    edit(
      'ci/main.tf',
      'actions   = ["ecr:GetAuthorizationToken"]',
      'actions   = ["ecr:GetAuthorizationToken", "ecr:DeleteRepository"]',
    );
    expect(rules(ci())).toEqual(['no-wildcard-resources']);
  });

  it('a subject pattern (any branch, any repository of the organisation)', () => {
    edit(
      'ci/main.tf',
      /test {5}= "StringEquals"\n(\s+)variable = "token.actions.githubusercontent.com:sub"\n(\s+)values {3}= \[[^\]]+\]/,
      'test     = "StringLike"\n$1variable = "token.actions.githubusercontent.com:sub"\n$2values   = ["repo:acme/*"]',
    );
    const violations = ci();
    expect(rules(violations)).toEqual([
      'trust-binding',
      'trust-exact-conditions',
    ]);
    expect(violations.map(v => v.message)).toEqual(
      expect.arrayContaining([
        'StringLike on token.actions.githubusercontent.com:sub: trust conditions must be StringEquals or ArnEquals',
        'token.actions.githubusercontent.com:sub value "repo:acme/*" is a pattern',
      ]),
    );
  });

  it('another branch than main', () => {
    edit(
      'ci/main.tf',
      'release_ref = "refs/heads/main"',
      'release_ref = "refs/heads/develop"',
    );
    const violations = ci();
    expect(rules(violations)).toEqual(['trust-binding']);
    expect(violations[0].message).toContain(
      `must be exactly ["repo:acme@${GITHUB_OWNER_ID}/payments-api@${GITHUB_REPOSITORY_ID}:ref:refs/heads/main"]`,
    );
  });

  it('the legacy subject of a repository that emits the immutable one', () => {
    const varFile = path.join(repo, 'legacy.tfvars');
    fs.writeFileSync(varFile, 'github_subject_format = "legacy"\n');
    const violations = checkIamPolicies(
      parseCiStack(repo, fullValues, { varFiles: [varFile] }),
      ciExpectations(fullValues),
    );
    expect(rules(violations)).toEqual(['trust-binding']);
    expect(violations[0].message).toContain(
      'got ["repo:acme/payments-api:ref:refs/heads/main"]',
    );
  });

  it('no audience condition', () => {
    edit(
      'ci/main.tf',
      /\s+condition \{\n\s+test {5}= "StringEquals"\n\s+variable = "token.actions.githubusercontent.com:aud"\n\s+values {3}= \["sts.amazonaws.com"\]\n\s+\}/,
      '',
    );
    expect(ci()).toEqual([
      expect.objectContaining({
        rule: 'trust-binding',
        message: 'no condition on token.actions.githubusercontent.com:aud',
      }),
    ]);
  });

  it('another audience', () => {
    edit(
      'ci/main.tf',
      'values   = ["sts.amazonaws.com"]',
      'values   = ["sigstore"]',
    );
    expect(rules(ci())).toEqual(['trust-binding']);
  });

  it('an OIDC provider looked up by another URL', () => {
    edit(
      'ci/main.tf',
      'github_oidc_url = "https://token.actions.githubusercontent.com"',
      'github_oidc_url = "https://token.actions.githubusercontent.com.evil.example"',
    );
    const violations = ci();
    expect(rules(violations)).toEqual(['trust-principal']);
    expect(violations[0].message).toContain(
      'must be looked up by its exact URL',
    );
  });

  it('a trust policy written as inline JSON', () => {
    edit(
      'ci/main.tf',
      'assume_role_policy   = data.aws_iam_policy_document.github_trust.json',
      'assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }] })',
    );
    expect(rules(ci())).toEqual(['policy-from-document']);
  });

  it('a managed policy attached beside the documents', () => {
    append(
      'ci/main.tf',
      '\nresource "aws_iam_role_policy_attachment" "admin" {\n  role       = aws_iam_role.ci.name\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n',
    );
    expect(rules(ci())).toEqual(['no-unchecked-policies']);
  });

  it('an inline_policy block on the role', () => {
    edit(
      'ci/main.tf',
      '  max_session_duration = 3600\n}',
      '  max_session_duration = 3600\n  inline_policy {\n    name   = "extra"\n    policy = "{}"\n  }\n}',
    );
    expect(rules(ci())).toEqual(['no-unchecked-policies']);
  });

  it('statements generated by a dynamic block', () => {
    edit(
      'ci/main.tf',
      'data "aws_iam_policy_document" "ecr_push" {',
      'data "aws_iam_policy_document" "ecr_push" {\n  dynamic "statement" {\n    for_each = toset(["ecr:DescribeImages"])\n    content {\n      actions   = [statement.value]\n      resources = ["*"]\n    }\n  }',
    );
    expect(rules(ci())).toEqual(['no-dynamic-statements']);
  });

  it('statements merged in from another document', () => {
    edit(
      'ci/main.tf',
      'data "aws_iam_policy_document" "ecr_push" {',
      'data "aws_iam_policy_document" "ecr_push" {\n  source_policy_documents = [data.aws_iam_policy_document.github_trust.json]',
    );
    expect(rules(ci())).toEqual(['no-merged-documents']);
  });

  it('NotAction', () => {
    edit(
      'ci/main.tf',
      'actions   = ["ecr:GetAuthorizationToken"]',
      'not_actions = ["iam:*"]',
    );
    expect(rules(ci())).toEqual(
      expect.arrayContaining(['no-not-elements', 'statically-known']),
    );
  });

  it('a resource only known at apply time', () => {
    edit(
      'ci/main.tf',
      'resources = [local.ecr_repository_arn]',
      'resources = [aws_iam_role.ci.arn]',
    );
    const violations = ci();
    expect(rules(violations)).toEqual(['statically-known']);
    expect(violations[0].message).toContain(
      'resources must be known before apply',
    );
  });

  it('an account principal trusted instead of the OIDC provider', () => {
    edit(
      'ci/main.tf',
      'type        = "Federated"\n      identifiers = [data.aws_iam_openid_connect_provider.github.arn]',
      'type        = "AWS"\n      identifiers = ["arn:aws:iam::210987654321:root"]',
    );
    expect(rules(ci())).toEqual(['trust-principal']);
  });

  it('an IRSA trust without the ServiceAccount binding', () => {
    edit(
      'runtime/main.tf',
      /\s+# Exact match, never StringLike: one namespace, one ServiceAccount\.\n\s+condition \{\n\s+test {5}= "StringEquals"\n\s+variable = "\$\{local\.oidc_host\}:sub"\n\s+values {3}= \[[^\]]+\]\n\s+\}/,
      '',
    );
    const violations = runtime();
    expect(rules(violations)).toEqual(['trust-binding']);
    expect(violations[0].message).toMatch(
      /^no condition on oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/[0-9A-F]+:sub$/,
    );
  });

  it('an IRSA trust for every ServiceAccount of the namespace', () => {
    edit(
      'runtime/main.tf',
      /test {5}= "StringEquals"\n(\s+)variable = "\$\{local\.oidc_host\}:sub"\n(\s+)values {3}= \[[^\]]+\]/,
      'test     = "StringLike"\n$1variable = "${local.oidc_host}:sub"\n$2values   = ["system:serviceaccount:${local.env.namespace}:*"]',
    );
    expect(rules(runtime())).toEqual([
      'trust-binding',
      'trust-exact-conditions',
    ]);
  });

  it("an IRSA trust for another environment's cluster", () => {
    // prod's role trusting dev's cluster issuer: the provider data say which.
    const dev = runtimeProviderData(fullValues, 'dev');
    const prodModule = parseRuntimeStack(repo, fullValues, 'prod', {
      assume: dev,
    });
    const violations = runtime('prod', prodModule);
    expect(rules(violations)).toEqual(['trust-binding', 'trust-principal']);
    expect(runtime('dev')).toEqual([]);
  });

  it('an OIDC provider looked up by something else than the cluster issuer', () => {
    edit(
      'runtime/main.tf',
      'url = local.oidc_issuer',
      'url = "https://oidc.eks.eu-west-1.amazonaws.com/id/0000000000000000000000000000000A"',
    );
    const violations = runtime();
    expect(rules(violations)).toEqual(['trust-principal']);
    expect(violations[0].message).toContain(
      "must be looked up by the cluster's issuer",
    );
  });

  it('a Kafka topic wildcard', () => {
    edit(
      'runtime/kafka.tf',
      'resources = [for topic in var.kafka.produce_topics : "${local.kafka_topic_arn}/${topic}"]',
      'resources = ["${local.kafka_topic_arn}/payments.*"]',
    );
    expect(rules(runtime())).toEqual(['no-wildcard-resources']);
  });

  it('a Kafka permission on every group of the cluster', () => {
    edit(
      'runtime/kafka.tf',
      'resources = ["${local.kafka_group_arn}/${var.kafka.consumer_group}"]',
      'resources = ["${local.kafka_group_arn}/*"]',
    );
    expect(rules(runtime())).toEqual(['no-wildcard-resources']);
  });

  it('hostile or wrong inputs fail the variables’ validations', () => {
    const varFile = path.join(repo, 'hostile.tfvars');
    fs.writeFileSync(
      varFile,
      [
        'environment = "qa"',
        'kafka = { cluster_name = "event-bus", produce_topics = ["orders.*"], consume_topics = ["x"] }',
      ].join('\n'),
    );
    const violations = runtime(
      'prod',
      parseRuntimeStack(repo, fullValues, 'prod', { varFiles: [varFile] }),
    );
    expect(
      violations
        .filter(v => v.rule === 'variable-validation')
        .map(v => v.where),
    ).toEqual(['var.environment', 'var.kafka', 'var.kafka']);
    const ciVars = path.join(repo, 'ci-hostile.tfvars');
    fs.writeFileSync(
      ciVars,
      'github_owner_id = "acme"\ngithub_repository = ".."\naws_account_id = "12345"\n',
    );
    const ciViolations = checkIamPolicies(
      parseCiStack(repo, fullValues, { varFiles: [ciVars] }),
      ciExpectations(fullValues),
    );
    expect(
      ciViolations
        .filter(v => v.rule === 'variable-validation')
        .map(v => v.where)
        .sort(),
    ).toEqual([
      'var.aws_account_id',
      'var.github_owner_id',
      'var.github_repository',
    ]);
  });

  it('a namespace of the system', () => {
    edit(
      'runtime/terraform.tfvars',
      /namespace {6}= "payments"/g,
      'namespace      = "kube-system"',
    );
    expect(rules(runtime())).toEqual(
      expect.arrayContaining(['variable-validation']),
    );
  });

  it('a syntax error', () => {
    append('ci/main.tf', '\nresource "aws_iam_role" "broken" {\n');
    expect(rules(ci())).toEqual(expect.arrayContaining(['hcl-parse']));
  });
});
