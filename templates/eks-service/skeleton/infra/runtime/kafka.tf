# Access to the event bus through MSK IAM access control: the role may
# connect, write to the topics it produces, read the topics it consumes and
# use its own consumer group; nothing else on the cluster (no topic creation,
# deletion or configuration, no other group). Resource ARNs follow MSK's
# format: topic/<cluster>/<cluster uuid>/<topic>, group/<cluster>/<uuid>/<group>.

data "aws_msk_cluster" "event_bus" {
  count        = var.kafka == null ? 0 : 1
  cluster_name = var.kafka.cluster_name
}

locals {
  kafka_cluster_arn = var.kafka == null ? null : data.aws_msk_cluster.event_bus[0].arn
  kafka_topic_arn   = var.kafka == null ? null : replace(local.kafka_cluster_arn, ":cluster/", ":topic/")
  kafka_group_arn   = var.kafka == null ? null : replace(local.kafka_cluster_arn, ":cluster/", ":group/")
  kafka_produces    = var.kafka == null ? false : length(var.kafka.produce_topics) > 0
  kafka_consumes    = var.kafka == null ? false : length(var.kafka.consume_topics) > 0
}

data "aws_iam_policy_document" "kafka_connect" {
  count = var.kafka == null ? 0 : 1
  statement {
    sid       = "ConnectToTheEventBus"
    effect    = "Allow"
    actions   = ["kafka-cluster:Connect"]
    resources = [local.kafka_cluster_arn]
  }
}

data "aws_iam_policy_document" "kafka_produce" {
  count = local.kafka_produces ? 1 : 0
  statement {
    sid       = "WriteOwnTopics"
    effect    = "Allow"
    actions   = ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"]
    resources = [for topic in var.kafka.produce_topics : "${local.kafka_topic_arn}/${topic}"]
  }
}

data "aws_iam_policy_document" "kafka_consume" {
  count = local.kafka_consumes ? 1 : 0
  statement {
    sid       = "ReadConsumedTopics"
    effect    = "Allow"
    actions   = ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"]
    resources = [for topic in var.kafka.consume_topics : "${local.kafka_topic_arn}/${topic}"]
  }
  statement {
    sid       = "UseOwnConsumerGroup"
    effect    = "Allow"
    actions   = ["kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"]
    resources = ["${local.kafka_group_arn}/${var.kafka.consumer_group}"]
  }
}

resource "aws_iam_role_policy" "kafka_connect" {
  count  = var.kafka == null ? 0 : 1
  name   = "kafka-connect"
  role   = aws_iam_role.runtime.id
  policy = data.aws_iam_policy_document.kafka_connect[0].json
}

resource "aws_iam_role_policy" "kafka_produce" {
  count  = local.kafka_produces ? 1 : 0
  name   = "kafka-produce"
  role   = aws_iam_role.runtime.id
  policy = data.aws_iam_policy_document.kafka_produce[0].json
}

resource "aws_iam_role_policy" "kafka_consume" {
  count  = local.kafka_consumes ? 1 : 0
  name   = "kafka-consume"
  role   = aws_iam_role.runtime.id
  policy = data.aws_iam_policy_document.kafka_consume[0].json
}
