variable "service_name" {
  description = "The service: DNS-1123 label, at most 40 characters; also its Kubernetes ServiceAccount (the chart names it after the service) unless service_account says otherwise."
  type        = string
  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$", var.service_name))
    error_message = "service_name must be a DNS-1123 label of at most 40 characters."
  }
}

variable "service_account" {
  description = "The Kubernetes ServiceAccount the chart creates for the pods (defaults to service_name)."
  type        = string
  default     = null
  validation {
    condition     = var.service_account == null ? true : can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.service_account))
    error_message = "service_account must be a DNS-1123 label."
  }
}

variable "environment" {
  description = "Which entry of environments this apply is for (one state per environment)."
  type        = string
  validation {
    condition     = contains(keys(var.environments), var.environment)
    error_message = "environment must be one of the keys of environments."
  }
}

variable "environments" {
  description = "Where the service runs, per environment: the account and region of the EKS cluster, its name, and the service's namespace in it."
  type = map(object({
    aws_account_id = string
    aws_region     = string
    cluster_name   = string
    namespace      = string
  }))
  validation {
    condition = length([
      for name, env in var.environments : name
      if !can(regex("^[a-z][a-z0-9-]{0,19}$", name))
      || !can(regex("^[0-9]{12}$", env.aws_account_id))
      || !can(regex("^[a-z]{2}-[a-z]+-[0-9]$", env.aws_region))
      || !can(regex("^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$", env.cluster_name))
      || !can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", env.namespace))
      || contains(["default", "kube-system", "kube-public", "kube-node-lease"], env.namespace)
    ]) == 0
    error_message = "each environment needs a 12-digit aws_account_id, a region such as eu-west-1, an EKS cluster name and a namespace that is a DNS-1123 label other than default and kube-*."
  }
}

variable "kafka" {
  description = <<-EOT
    The service's access to the event bus (Amazon MSK with IAM access
    control), or null for none: the MSK cluster's name in the environment's
    account, the topics it produces to and consumes from, and its consumer
    group. Topics are created by the event bus's owners; this only grants
    access to them.
  EOT
  type = object({
    cluster_name   = string
    produce_topics = optional(list(string), [])
    consume_topics = optional(list(string), [])
    consumer_group = optional(string)
  })
  default = null
  validation {
    # Conditionals, not ||: HCL evaluates both sides of || before Terraform 1.12.
    condition = var.kafka == null ? true : (
      can(regex("^[0-9A-Za-z][A-Za-z0-9-]{0,63}$", var.kafka.cluster_name))
      && length([
        for topic in concat(var.kafka.produce_topics, var.kafka.consume_topics) : topic
        if !can(regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,248}$", topic))
      ]) == 0
      && length(concat(var.kafka.produce_topics, var.kafka.consume_topics)) > 0
    )
    error_message = "kafka needs an MSK cluster name and at least one topic; topic names are letters, digits, . _ - (no wildcards)."
  }
  validation {
    condition = var.kafka == null ? true : (
      length(var.kafka.consume_topics) == 0
      ? var.kafka.consumer_group == null
      : can(regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,248}$", var.kafka.consumer_group))
    )
    error_message = "kafka.consumer_group is required (letters, digits, . _ -) when the service consumes topics, and only then."
  }
}
