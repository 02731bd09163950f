export { Registrations } from './Registrations';
