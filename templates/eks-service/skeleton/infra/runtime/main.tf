locals {
  env             = var.environments[var.environment]
  service_account = coalesce(var.service_account, var.service_name)
  cluster_arn     = "arn:aws:eks:${local.env.aws_region}:${local.env.aws_account_id}:cluster/${local.env.cluster_name}"
}

# EKS Pod Identity: the EKS Auth service assumes the role for pods of one
# ServiceAccount, bound by the association below. The session tags it sets
# pin the trust to this cluster, namespace and ServiceAccount, so another
# association in the account pointing at this role cannot use it.
data "aws_iam_policy_document" "pod_identity_trust" {
  statement {
    sid     = "PodsOfThisServiceAccount"
    effect  = "Allow"
    actions = ["sts:AssumeRole", "sts:TagSession"]

    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.env.aws_account_id]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/eks-cluster-arn"
      values   = [local.cluster_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-namespace"
      values   = [local.env.namespace]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-service-account"
      values   = [local.service_account]
    }
  }
}

resource "aws_iam_role" "runtime" {
  # The name the chart's and docs' examples use: <service>-<environment>.
  name                 = "${var.service_name}-${var.environment}"
  description          = "Pods of ${var.service_name} in ${local.env.cluster_name}/${local.env.namespace} (EKS Pod Identity)"
  assume_role_policy   = data.aws_iam_policy_document.pod_identity_trust.json
  max_session_duration = 3600
}

resource "aws_eks_pod_identity_association" "runtime" {
  cluster_name    = local.env.cluster_name
  namespace       = local.env.namespace
  service_account = local.service_account
  role_arn        = aws_iam_role.runtime.arn
}
