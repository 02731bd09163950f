export { ReplicaCountField, parseCount } from './ReplicaCountField';
export { REPLICA_COUNT_FIELD } from './field';
export { validateReplicaCount, replicaMessagesFor } from './replicaValidation';
