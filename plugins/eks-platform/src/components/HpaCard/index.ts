export { HpaCard } from './HpaCard';
