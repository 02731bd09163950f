export { watchFormErrors } from './focusFirstError';
export { ErrorAnnouncement } from './ErrorAnnouncement';
export { AnnouncedTextField } from './AnnouncedTextField';
export { visuallyHidden } from './visuallyHidden';
