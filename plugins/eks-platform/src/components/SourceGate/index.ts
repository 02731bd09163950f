export { SourceGate, SourceSkeleton } from './SourceGate';
export type { SourceGateProps } from './SourceGate';
