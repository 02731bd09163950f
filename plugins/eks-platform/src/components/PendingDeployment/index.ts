export { PendingDeployment, RegistrationLinks } from './PendingDeployment';
