output "runtime_role_arn" {
  description = "The pods' IAM role. EKS Pod Identity hands it to the ServiceAccount below; the chart needs no annotation for it."
  value       = aws_iam_role.runtime.arn
}

output "pod_identity" {
  description = "Where the role applies: cluster, namespace and ServiceAccount of the association."
  value = {
    cluster_name    = aws_eks_pod_identity_association.runtime.cluster_name
    namespace       = aws_eks_pod_identity_association.runtime.namespace
    service_account = aws_eks_pod_identity_association.runtime.service_account
  }
}

output "kafka_bootstrap_brokers" {
  description = "MSK bootstrap brokers for IAM authentication (port 9098): the chart's kafka.brokers for this environment, or null without Kafka."
  value       = var.kafka == null ? null : split(",", data.aws_msk_cluster.event_bus[0].bootstrap_brokers_sasl_iam)
}
