export { ReadinessCard, READINESS_TITLE } from './ReadinessCard';
export { formatScore, scoreLevel } from './readiness';
export {
  isScorecardNotConfigured,
  ScorecardError,
  ScorecardSkeleton,
} from './ScorecardStates';
