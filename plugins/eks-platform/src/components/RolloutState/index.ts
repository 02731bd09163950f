export { RolloutState } from './RolloutState';
