import {
  HclAttribute,
  HclBlock,
  TerraformModule,
  address,
  blocksOf,
  isCreated,
  topLevelBlocks,
} from './hclJson';

/*
 * A static check of every IAM document a Terraform module creates, on the
 * values HCL gives before any provider runs:
 *
 * - every policy comes from an aws_iam_policy_document data source (no
 *   inline JSON, no managed or attached policies, no merged documents, no
 *   dynamic statements), so nothing escapes the check;
 * - every statement is statically known; no wildcard in an action; no
 *   wildcard resource except `ecr:GetAuthorizationToken`'s `*` (it has no
 *   resource-level permissions); no NotAction/NotResource/NotPrincipal;
 * - trust policies name an OIDC provider only: GitHub's (looked up by its
 *   exact URL; audience sts.amazonaws.com; the exact subject of this
 *   repository and branch) or the EKS cluster's for IRSA (the cluster's own
 *   issuer; audience sts.amazonaws.com; the exact subject of this namespace
 *   and ServiceAccount), with exact-match conditions only;
 * - every variable validation holds for the values given.
 */

export interface Violation {
  rule: string;
  /** The Terraform address (and statement) it is about. */
  where: string;
  message: string;
}

export interface TrustExpectations {
  /** Exact OIDC subjects a GitHub-trusted role may accept (repository and branch). */
  githubSubjects?: string[];
  /** What an IRSA trust must be bound to: the cluster's OIDC issuer and the pods' ServiceAccount. */
  irsa?: {
    /** https://oidc.eks.<region>.amazonaws.com/id/<cluster id> */
    issuer: string;
    accountId: string;
    namespace: string;
    serviceAccount: string;
  };
}

export const GITHUB_OIDC_URL = 'https://token.actions.githubusercontent.com';
const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
const GITHUB_PROVIDER_ARN =
  /^arn:aws:iam::[0-9]{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;
const EKS_PROVIDER_ARN =
  /^arn:aws:iam::[0-9]{12}:oidc-provider\/oidc\.eks\.[a-z0-9-]+\.amazonaws\.com\/id\/[0-9A-F]+$/;
/** The one action AWS only grants on `*`. */
const ECR_LOGIN = 'ecr:GetAuthorizationToken';

/** Resource types whose attribute holds an IAM document, and which attribute. */
const POLICY_ATTRIBUTES: Record<string, { attribute: string; trust: boolean }> =
  {
    aws_iam_role: { attribute: 'assume_role_policy', trust: true },
    aws_iam_role_policy: { attribute: 'policy', trust: false },
    aws_iam_policy: { attribute: 'policy', trust: false },
  };

/** Ways to give a principal permissions that this check would not see. */
const FORBIDDEN_RESOURCES: Record<string, string> = {
  aws_iam_role_policy_attachment:
    'attaches a managed policy, whose content is not in this module',
  aws_iam_policy_attachment:
    'attaches a managed policy, whose content is not in this module',
  aws_iam_role_policies_exclusive: 'manages policies outside this check',
  aws_iam_user: 'long-lived IAM users have no place in a service module',
  aws_iam_access_key: 'static access keys have no place in a service module',
  aws_iam_user_policy: 'long-lived IAM users have no place in a service module',
  aws_iam_group_policy: 'group policies are outside this module',
};

const DOCUMENT_REFERENCE =
  /^data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)(\[(?:0|count\.index)\])?\.json$/;

function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

function known(attribute: HclAttribute | undefined): unknown {
  return attribute?.value;
}

function stringList(attribute: HclAttribute | undefined): string[] | undefined {
  const value = known(attribute);
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string'))
    return undefined;
  return value as string[];
}

function sameSet(a: string[], b: string[]): boolean {
  const left = [...new Set(a)].sort();
  const right = [...new Set(b)].sort();
  return left.length === right.length && left.every((v, i) => v === right[i]);
}

interface Condition {
  test: string;
  variable: string;
  values: string[];
}

class Checker {
  readonly violations: Violation[] = [];

  constructor(
    private readonly module: TerraformModule,
    private readonly expect: TrustExpectations,
  ) {}

  report(rule: string, where: string, message: string) {
    this.violations.push({ rule, where, message });
  }

  run(): Violation[] {
    for (const d of this.module.diagnostics) {
      if (d.severity === 'error') {
        this.report(
          'hcl-parse',
          d.range ?? 'module',
          `${d.summary}${d.detail ? `: ${d.detail}` : ''}`,
        );
      }
    }
    this.checkForbiddenResources();
    const documents = new Map(
      blocksOf(this.module, 'data', 'aws_iam_policy_document')
        .filter(isCreated)
        .map(b => [b.labels[1], b]),
    );
    const uses = this.documentUses(documents);
    for (const [name, document] of documents) {
      const use = uses.get(name);
      if (!use) continue; // declared but never attached to anything
      this.checkDocument(document, use);
    }
    this.checkValidations();
    return this.violations;
  }

  private checkForbiddenResources() {
    for (const block of topLevelBlocks(this.module)) {
      if (block.type !== 'resource' || !isCreated(block)) continue;
      const why = FORBIDDEN_RESOURCES[block.labels[0]];
      if (why) this.report('no-unchecked-policies', address(block), why);
      if (block.labels[0] === 'aws_iam_role') {
        if (block.attributes.managed_policy_arns) {
          this.report(
            'no-unchecked-policies',
            address(block),
            'managed_policy_arns attaches policies whose content is not in this module',
          );
        }
        if (block.blocks.some(b => b.type === 'inline_policy')) {
          this.report(
            'no-unchecked-policies',
            address(block),
            'inline_policy blocks bypass aws_iam_policy_document; use aws_iam_role_policy with a document',
          );
        }
      }
    }
  }

  /** Which documents are trust policies and which are permissions, by where they are used. */
  private documentUses(
    documents: Map<string, HclBlock>,
  ): Map<string, 'trust' | 'permissions'> {
    const uses = new Map<string, 'trust' | 'permissions'>();
    for (const [type, { attribute, trust }] of Object.entries(
      POLICY_ATTRIBUTES,
    )) {
      for (const block of blocksOf(this.module, 'resource', type)) {
        if (!isCreated(block)) continue;
        const expr = block.attributes[attribute]?.expr.trim();
        const match = expr ? DOCUMENT_REFERENCE.exec(expr) : null;
        if (!match || !documents.has(match[1])) {
          this.report(
            'policy-from-document',
            address(block),
            `${attribute} must be data.aws_iam_policy_document.<name>.json so the check sees it, got: ${
              expr ?? '(none)'
            }`,
          );
          continue;
        }
        const use = trust ? 'trust' : 'permissions';
        if (uses.has(match[1]) && uses.get(match[1]) !== use) {
          this.report(
            'policy-from-document',
            address(block),
            `${match[1]} is used both as a trust policy and as permissions`,
          );
        }
        uses.set(match[1], use);
      }
    }
    return uses;
  }

  private checkDocument(document: HclBlock, use: 'trust' | 'permissions') {
    const where = address(document);
    for (const merged of [
      'source_policy_documents',
      'override_policy_documents',
      'source_json',
      'override_json',
    ]) {
      if (document.attributes[merged]) {
        this.report(
          'no-merged-documents',
          where,
          `${merged} merges statements this check cannot see; write them as statement blocks`,
        );
      }
    }
    for (const block of document.blocks) {
      if (block.type === 'dynamic') {
        this.report(
          'no-dynamic-statements',
          where,
          `dynamic "${block.labels[0]}" cannot be checked before apply; write statements out, and use count on the document for optional ones`,
        );
      }
    }
    const statements = document.blocks.filter(b => b.type === 'statement');
    if (statements.length === 0) {
      this.report('statically-known', where, 'the document has no statements');
    }
    statements.forEach((statement, index) => {
      const sid = known(statement.attributes.sid);
      const at = `${where} statement ${typeof sid === 'string' ? sid : index}`;
      this.checkStatement(statement, at, use);
    });
  }

  private checkStatement(
    statement: HclBlock,
    at: string,
    use: 'trust' | 'permissions',
  ) {
    for (const negated of ['not_actions', 'not_resources']) {
      if (statement.attributes[negated]) {
        this.report(
          'no-not-elements',
          at,
          `${negated} grants everything but a list; name what is allowed`,
        );
      }
    }
    if (statement.blocks.some(b => b.type === 'not_principals')) {
      this.report(
        'no-not-elements',
        at,
        'not_principals trusts everyone but a list; name who is trusted',
      );
    }
    const effect = statement.attributes.effect
      ? known(statement.attributes.effect)
      : 'Allow';
    if (effect !== 'Allow' && effect !== 'Deny') {
      this.report(
        'statically-known',
        at,
        `effect must be a literal Allow or Deny, got ${statement.attributes.effect?.expr}`,
      );
    }
    const actions = stringList(statement.attributes.actions);
    if (!actions || actions.length === 0) {
      this.report(
        'statically-known',
        at,
        `actions must be known before apply, got ${
          statement.attributes.actions?.expr ?? '(none)'
        }`,
      );
    }
    for (const action of actions ?? []) {
      if (hasWildcard(action)) {
        this.report(
          'no-wildcard-actions',
          at,
          `action "${action}" is a wildcard; list the actions`,
        );
      }
    }
    if (effect === 'Deny') return; // a Deny only takes away
    if (use === 'permissions') {
      this.checkPermissionStatement(statement, at, actions ?? []);
    } else {
      this.checkTrustStatement(statement, at, actions ?? []);
    }
  }

  private checkPermissionStatement(
    statement: HclBlock,
    at: string,
    actions: string[],
  ) {
    if (statement.blocks.some(b => b.type === 'principals')) {
      this.report(
        'statically-known',
        at,
        'an identity policy statement has no principals',
      );
    }
    const resources = stringList(statement.attributes.resources);
    if (!resources || resources.length === 0) {
      this.report(
        'statically-known',
        at,
        `resources must be known before apply, got ${
          statement.attributes.resources?.expr ?? '(none)'
        }`,
      );
      return;
    }
    const ecrLoginOnly =
      actions.length > 0 && actions.every(a => a === ECR_LOGIN);
    for (const resource of resources) {
      if (!hasWildcard(resource)) continue;
      if (ecrLoginOnly && resource === '*') continue;
      this.report(
        'no-wildcard-resources',
        at,
        ecrLoginOnly
          ? `resource "${resource}": only "*" itself is allowed, for ${ECR_LOGIN}`
          : `resource "${resource}" is a wildcard (only ${ECR_LOGIN}, alone in its statement, may use "*")`,
      );
    }
  }

  private conditions(statement: HclBlock, at: string): Condition[] {
    const result: Condition[] = [];
    for (const block of statement.blocks.filter(b => b.type === 'condition')) {
      const test = known(block.attributes.test);
      const variable = known(block.attributes.variable);
      const values = stringList(block.attributes.values);
      if (typeof test !== 'string' || typeof variable !== 'string' || !values) {
        this.report(
          'statically-known',
          at,
          `condition ${
            block.attributes.variable?.expr ?? ''
          } must be known before apply`,
        );
        continue;
      }
      result.push({ test, variable, values });
    }
    return result;
  }

  /** Exact-match conditions only: a pattern in a trust policy widens who may assume the role. */
  private exactConditions(conditions: Condition[], at: string): void {
    for (const c of conditions) {
      if (c.test !== 'StringEquals' && c.test !== 'ArnEquals') {
        this.report(
          'trust-exact-conditions',
          at,
          `${c.test} on ${c.variable}: trust conditions must be StringEquals or ArnEquals`,
        );
      }
      for (const value of c.values) {
        if (hasWildcard(value)) {
          this.report(
            'trust-exact-conditions',
            at,
            `${c.variable} value "${value}" is a pattern`,
          );
        }
      }
    }
  }

  private requireCondition(
    conditions: Condition[],
    variable: string,
    expected: string[] | undefined,
    at: string,
  ) {
    const found = conditions.filter(c => c.variable === variable);
    if (found.length === 0) {
      this.report('trust-binding', at, `no condition on ${variable}`);
      return;
    }
    if (!expected) return;
    for (const c of found) {
      if (!sameSet(c.values, expected)) {
        this.report(
          'trust-binding',
          at,
          `${variable} must be exactly ${JSON.stringify(
            expected,
          )}, got ${JSON.stringify(c.values)}`,
        );
      }
    }
  }

  private checkTrustStatement(
    statement: HclBlock,
    at: string,
    actions: string[],
  ) {
    if (statement.attributes.resources) {
      this.report('statically-known', at, 'a trust statement has no resources');
    }
    const principals = statement.blocks.filter(b => b.type === 'principals');
    if (principals.length !== 1) {
      this.report(
        'trust-principal',
        at,
        `a trust statement names exactly one kind of principal, got ${principals.length}`,
      );
      return;
    }
    const type = known(principals[0].attributes.type);
    const identifiers = stringList(principals[0].attributes.identifiers);
    if (!identifiers) {
      this.report(
        'statically-known',
        at,
        `principal identifiers must be known before apply, got ${principals[0].attributes.identifiers?.expr}`,
      );
      return;
    }
    const conditions = this.conditions(statement, at);
    this.exactConditions(conditions, at);
    if (!sameSet(actions, ['sts:AssumeRoleWithWebIdentity'])) {
      this.report(
        'trust-binding',
        at,
        `an OIDC trust allows only sts:AssumeRoleWithWebIdentity, got ${JSON.stringify(
          actions,
        )}`,
      );
    }
    if (
      type === 'Federated' &&
      identifiers.every(i => EKS_PROVIDER_ARN.test(i))
    ) {
      this.checkIrsaTrust(principals[0], identifiers, conditions, at);
    } else if (type === 'Federated') {
      this.checkGitHubTrust(principals[0], identifiers, conditions, at);
    } else {
      this.report(
        'trust-principal',
        at,
        `only an OIDC provider (GitHub's, or the cluster's for IRSA) may be trusted, got ${String(
          type,
        )} ${JSON.stringify(identifiers)}`,
      );
    }
  }

  /** The URL the provider data source behind the principal looks up, when it is one. */
  private providerUrl(principal: HclBlock): { found: boolean; url: unknown } {
    for (const ref of principal.attributes.identifiers.references) {
      const m = /^data\.aws_iam_openid_connect_provider\.([A-Za-z0-9_-]+)/.exec(
        ref,
      );
      if (!m) continue;
      const provider = blocksOf(
        this.module,
        'data',
        'aws_iam_openid_connect_provider',
      ).find(b => b.labels[1] === m[1]);
      return {
        found: true,
        url: known(provider?.attributes.url) ?? provider?.attributes.url?.expr,
      };
    }
    return { found: false, url: undefined };
  }

  private checkIrsaTrust(
    principal: HclBlock,
    identifiers: string[],
    conditions: Condition[],
    at: string,
  ) {
    const expected = this.expect.irsa;
    if (!expected) {
      this.report(
        'trust-binding',
        at,
        'no expected cluster issuer, namespace and ServiceAccount given to compare the trust with',
      );
      return;
    }
    const host = expected.issuer.replace(/^https:\/\//, '');
    const providerArn = `arn:aws:iam::${expected.accountId}:oidc-provider/${host}`;
    if (!sameSet(identifiers, [providerArn])) {
      this.report(
        'trust-principal',
        at,
        `the federated principal must be this cluster's OIDC provider ${providerArn}, got ${JSON.stringify(
          identifiers,
        )}`,
      );
    }
    const { found, url } = this.providerUrl(principal);
    if (found && url !== expected.issuer) {
      this.report(
        'trust-principal',
        at,
        `the OIDC provider must be looked up by the cluster's issuer ${
          expected.issuer
        }, got ${JSON.stringify(url)}`,
      );
    }
    this.requireCondition(conditions, `${host}:aud`, ['sts.amazonaws.com'], at);
    this.requireCondition(
      conditions,
      `${host}:sub`,
      [
        `system:serviceaccount:${expected.namespace}:${expected.serviceAccount}`,
      ],
      at,
    );
  }

  private checkGitHubTrust(
    principal: HclBlock,
    identifiers: string[],
    conditions: Condition[],
    at: string,
  ) {
    if (identifiers.length !== 1 || !GITHUB_PROVIDER_ARN.test(identifiers[0])) {
      this.report(
        'trust-principal',
        at,
        `the federated principal must be the account's GitHub OIDC provider, got ${JSON.stringify(
          identifiers,
        )}`,
      );
    }
    // When the ARN comes from the provider data source, that source must look up the exact URL.
    const { found, url } = this.providerUrl(principal);
    if (found && url !== GITHUB_OIDC_URL) {
      this.report(
        'trust-principal',
        at,
        `the OIDC provider must be looked up by its exact URL ${GITHUB_OIDC_URL}, got ${JSON.stringify(
          url,
        )}`,
      );
    }
    this.requireCondition(
      conditions,
      `${GITHUB_OIDC_HOST}:aud`,
      ['sts.amazonaws.com'],
      at,
    );
    this.requireCondition(
      conditions,
      `${GITHUB_OIDC_HOST}:sub`,
      this.expect.githubSubjects,
      at,
    );
    if (!this.expect.githubSubjects) {
      this.report(
        'trust-binding',
        at,
        'no expected GitHub subject given to compare the trust with',
      );
    }
  }

  private checkValidations() {
    for (const block of topLevelBlocks(this.module)) {
      if (block.type !== 'variable') continue;
      const name = block.labels[0];
      const given = this.module.variables[name] !== null;
      for (const validation of block.blocks.filter(
        b => b.type === 'validation',
      )) {
        const condition = validation.attributes.condition;
        const message = known(validation.attributes.error_message);
        if (condition?.value === false) {
          this.report(
            'variable-validation',
            `var.${name}`,
            `validation fails: ${String(message)}`,
          );
        } else if (condition?.value !== true && given) {
          this.report(
            'variable-validation',
            `var.${name}`,
            `validation cannot be evaluated: ${condition?.expr}`,
          );
        }
      }
    }
  }
}

export function checkIamPolicies(
  module: TerraformModule,
  expect: TrustExpectations = {},
): Violation[] {
  return new Checker(module, expect).run();
}

/** The statements of a created policy document, by document name, with their known values. */
export function policyStatements(
  module: TerraformModule,
  documentName: string,
): Array<{ sid?: string; actions?: string[]; resources?: string[] }> {
  const document = blocksOf(module, 'data', 'aws_iam_policy_document').find(
    b => b.labels[1] === documentName,
  );
  if (!document || !isCreated(document)) return [];
  return document.blocks
    .filter(b => b.type === 'statement')
    .map(s => ({
      sid: known(s.attributes.sid) as string | undefined,
      actions: stringList(s.attributes.actions),
      resources: stringList(s.attributes.resources),
    }));
}
