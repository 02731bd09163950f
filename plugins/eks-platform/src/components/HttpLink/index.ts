export { HttpLink } from './HttpLink';
export type { HttpLinkProps } from './HttpLink';
