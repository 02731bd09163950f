export { watchFormErrors } from './focusFirstError';
export { ErrorAnnouncement } from './ErrorAnnouncement';
export { AnnouncedTextField } from './AnnouncedTextField';
