provider "aws" {
  region = var.aws_region
  # Applying with credentials of another account fails before any change.
  allowed_account_ids = [var.aws_account_id]

  default_tags {
    tags = {
      service    = var.service_name
      managed-by = "terraform"
      stack      = "ci"
    }
  }
}
