/**
 * Status backend of the EKS platform.
 *
 * @packageDocumentation
 */
export { eksPlatformPlugin as default } from './plugin';
/** The example status-source module of docs/extending.md (a health-endpoint probe). */
export { eksPlatformModuleHealthProbe } from './examples/healthProbeStatusSource';
