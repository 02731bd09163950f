export { ServiceNameField } from './ServiceNameField';
export { SERVICE_NAME_FIELD } from './field';
export { validateServiceName, ownerDisplayName } from './nameAvailability';
