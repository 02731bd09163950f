locals {
  env             = var.environments[var.environment]
  service_account = coalesce(var.service_account, var.service_name)
  # https://oidc.eks.<region>.amazonaws.com/id/<cluster id>; IAM condition keys use it without the scheme.
  oidc_issuer = data.aws_eks_cluster.this.identity[0].oidc[0].issuer
  oidc_host   = trimprefix(local.oidc_issuer, "https://")
}

# IRSA: the pods' ServiceAccount carries this role's ARN (the chart's
# serviceAccount.roleArn, annotation eks.amazonaws.com/role-arn) and a token
# signed by the cluster's OIDC issuer; STS hands out the role only for a token
# of exactly this cluster, audience and ServiceAccount.
data "aws_eks_cluster" "this" {
  name = local.env.cluster_name
}

# The IAM OIDC provider of the cluster is the platform's (one per cluster, for
# every service); looking it up fails the plan when it is missing instead of
# creating a second one.
data "aws_iam_openid_connect_provider" "cluster" {
  url = local.oidc_issuer
}

data "aws_iam_policy_document" "irsa_trust" {
  statement {
    sid     = "ServiceAccountOfThisService"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [data.aws_iam_openid_connect_provider.cluster.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:aud"
      values   = ["sts.amazonaws.com"]
    }

    # Exact match, never StringLike: one namespace, one ServiceAccount.
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:sub"
      values   = ["system:serviceaccount:${local.env.namespace}:${local.service_account}"]
    }
  }
}

resource "aws_iam_role" "runtime" {
  # The name the chart's serviceAccount.roleArn defaults to: <service>-<environment>.
  name                 = "${var.service_name}-${var.environment}"
  description          = "Pods of ${var.service_name} in ${local.env.cluster_name}/${local.env.namespace} (IRSA)"
  assume_role_policy   = data.aws_iam_policy_document.irsa_trust.json
  max_session_duration = 3600
}
