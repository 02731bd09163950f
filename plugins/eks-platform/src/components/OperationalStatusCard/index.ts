export { OperationalStatusCard } from './OperationalStatusCard';
export { operationalVerdicts } from './verdicts';
export type { SourceVerdict, VerdictId, VerdictState } from './verdicts';
