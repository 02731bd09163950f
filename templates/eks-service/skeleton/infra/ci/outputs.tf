output "ci_role_arn" {
  description = "AWS_ROLE_ARN of the repository's release workflow (set by the template as a repository variable)."
  value       = aws_iam_role.ci.arn
}

output "github_oidc_subject" {
  description = "The exact OIDC subject the role trusts; compare it with a failed run's token when debugging."
  value       = "${local.github_repository_subject}:ref:${local.release_ref}"
}
