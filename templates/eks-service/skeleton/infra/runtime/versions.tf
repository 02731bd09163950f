terraform {
  # 1.10: S3 state locking without DynamoDB (use_lockfile), cross-variable validation.
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }

  # Partial configuration: bucket, key and region are given at `terraform init`
  # (see docs/infrastructure.md), so one file serves every account.
  backend "s3" {
    use_lockfile = true
    encrypt      = true
  }
}
