export { SourceNotice } from './SourceNotice';
export type { SourceNoticeProps } from './SourceNotice';
