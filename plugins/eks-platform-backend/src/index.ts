/**
 * Status backend of the EKS platform.
 *
 * @packageDocumentation
 */
export { eksPlatformPlugin as default } from './plugin';
