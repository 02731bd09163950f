export { TeamScorecardPage } from './TeamScorecardPage';
