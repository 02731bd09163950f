variable "service_name" {
  description = "The service (and its ECR repository): DNS-1123 label, at most 40 characters."
  type        = string
  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$", var.service_name))
    error_message = "service_name must be a DNS-1123 label of at most 40 characters."
  }
}

variable "aws_account_id" {
  description = "The account that holds the ECR repository and this role."
  type        = string
  validation {
    condition     = can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "aws_account_id must be 12 digits."
  }
}

variable "aws_region" {
  description = "Region of the ECR repository."
  type        = string
  validation {
    condition     = can(regex("^[a-z]{2}-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must be a region name such as eu-west-1."
  }
}

variable "ecr_repository_name" {
  description = "The one ECR repository the CI role may push to (created by the template's eks:ecr:create step)."
  type        = string
  validation {
    condition     = can(regex("^[a-z0-9]([-_./a-z0-9]{0,254}[a-z0-9])?$", var.ecr_repository_name))
    error_message = "ecr_repository_name must be an ECR repository name (lowercase letters, digits, - _ . /)."
  }
}

variable "github_owner" {
  description = "GitHub organisation (or user) that owns the repository."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z0-9]([-A-Za-z0-9]{0,37}[A-Za-z0-9])?$", var.github_owner))
    error_message = "github_owner must be a GitHub login."
  }
}

variable "github_repository" {
  description = "The repository whose release workflow may assume the role."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,100}$", var.github_repository)) && !contains([".", ".."], var.github_repository)
    error_message = "github_repository must be a repository name."
  }
}

variable "github_owner_id" {
  description = "Numeric ID of the owner (gh api repos/OWNER/REPO --jq .owner.id); part of the immutable OIDC subject."
  type        = string
  validation {
    condition     = can(regex("^[1-9][0-9]{0,19}$", var.github_owner_id))
    error_message = "github_owner_id must be the numeric GitHub ID, not a name."
  }
}

variable "github_repository_id" {
  description = "Numeric ID of the repository (gh api repos/OWNER/REPO --jq .id); part of the immutable OIDC subject."
  type        = string
  validation {
    condition     = can(regex("^[1-9][0-9]{0,19}$", var.github_repository_id))
    error_message = "github_repository_id must be the numeric GitHub ID, not a name."
  }
}

variable "github_subject_format" {
  description = <<-EOT
    OIDC subject the repository's tokens carry. Repositories created from
    2026-07-15 emit the immutable form repo:OWNER@OWNER_ID/REPO@REPO_ID:ref:…;
    older ones emit the legacy repo:OWNER/REPO:ref:… until their owner opts in.
  EOT
  type        = string
  default     = "immutable-ids"
  validation {
    condition     = contains(["immutable-ids", "legacy"], var.github_subject_format)
    error_message = "github_subject_format must be immutable-ids or legacy."
  }
}
