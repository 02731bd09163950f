/**
 * An example scorecard rule module for the eks-platform backend: copy it to
 * add your organisation's own rules (see docs/scorecard.md).
 *
 * @packageDocumentation
 */
export { eksPlatformModuleExampleRules as default } from './module';
export { onCallLinkRule } from './onCallLinkRule';
