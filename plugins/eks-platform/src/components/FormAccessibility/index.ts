export { watchFormErrors } from './focusFirstError';
export { ErrorAnnouncement } from './ErrorAnnouncement';
