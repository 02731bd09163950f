output "runtime_role_arn" {
  description = "The pods' IAM role: the chart's serviceAccount.roleArn in this environment's values (eks.amazonaws.com/role-arn)."
  value       = aws_iam_role.runtime.arn
}

output "service_account_subject" {
  description = "The only OIDC subject the role trusts: system:serviceaccount:<namespace>:<ServiceAccount>."
  value       = "system:serviceaccount:${local.env.namespace}:${local.service_account}"
}

output "kafka_bootstrap_brokers" {
  description = "MSK bootstrap brokers for IAM authentication (port 9098): the chart's kafka.brokers for this environment, or null without Kafka."
  value       = var.kafka == null ? null : split(",", data.aws_msk_cluster.event_bus[0].bootstrap_brokers_sasl_iam)
}
