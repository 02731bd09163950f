export { UpdatedAgo } from './UpdatedAgo';
export type { UpdatedAgoProps } from './UpdatedAgo';
