locals {
  github_oidc_url = "https://token.actions.githubusercontent.com"
  # The release workflow's image job runs on pushes to main, outside any
  # GitHub environment, so its token's subject names the branch.
  release_ref = "refs/heads/main"
  github_repository_subject = (
    var.github_subject_format == "immutable-ids"
    ? "repo:${var.github_owner}@${var.github_owner_id}/${var.github_repository}@${var.github_repository_id}"
    : "repo:${var.github_owner}/${var.github_repository}"
  )
  ecr_repository_arn = "arn:aws:ecr:${var.aws_region}:${var.aws_account_id}:repository/${var.ecr_repository_name}"
}

# The account's GitHub OIDC provider is shared by every repository and owned
# by the platform; looking it up (instead of creating it) fails the plan when
# it is missing rather than creating a second one.
data "aws_iam_openid_connect_provider" "github" {
  url = local.github_oidc_url
}

data "aws_iam_policy_document" "github_trust" {
  statement {
    sid     = "ReleaseWorkflowOnMain"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [data.aws_iam_openid_connect_provider.github.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }

    # Exact match, never StringLike: one repository, one branch.
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["${local.github_repository_subject}:ref:${local.release_ref}"]
    }
  }
}

data "aws_iam_policy_document" "ecr_push" {
  # GetAuthorizationToken has no resource-level permissions: "*" is the only
  # resource AWS accepts. The token alone grants nothing on any repository.
  statement {
    sid       = "RegistryLogin"
    effect    = "Allow"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid    = "PushThisRepository"
    effect = "Allow"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:CompleteLayerUpload",
      "ecr:InitiateLayerUpload",
      "ecr:PutImage",
      "ecr:UploadLayerPart",
    ]
    resources = [local.ecr_repository_arn]
  }
}

resource "aws_iam_role" "ci" {
  # The name the template sets as AWS_ROLE_ARN in the repository's variables.
  name                 = "${var.service_name}-ci"
  description          = "Release workflow of ${var.github_owner}/${var.github_repository}: push images to ECR ${var.ecr_repository_name}"
  assume_role_policy   = data.aws_iam_policy_document.github_trust.json
  max_session_duration = 3600
}

resource "aws_iam_role_policy" "ecr_push" {
  name   = "ecr-push"
  role   = aws_iam_role.ci.id
  policy = data.aws_iam_policy_document.ecr_push.json
}
