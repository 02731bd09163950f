export { HealthStatus, healthLabel } from './HealthStatus';
