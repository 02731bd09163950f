provider "aws" {
  region = local.env.aws_region
  # Applying one environment with another environment's credentials fails before any change.
  allowed_account_ids = [local.env.aws_account_id]

  default_tags {
    tags = {
      service     = var.service_name
      environment = var.environment
      managed-by  = "terraform"
      stack       = "runtime"
    }
  }
}
