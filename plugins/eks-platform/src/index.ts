/**
 * EKS platform cards, entity tab and fleet page.
 *
 * @packageDocumentation
 */
export { eksPlatformPlugin as default } from './plugin';
export * from './api';
