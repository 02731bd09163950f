/**
 * EKS platform cards, entity tab and fleet page.
 *
 * The default export is the plugin for the new frontend system; the named
 * component exports and `eksPlatformApiFactory` let legacy apps use the
 * same cards.
 *
 * @packageDocumentation
 */
export { eksPlatformPlugin as default } from './plugin';
export * from './api';
export { eksPlatformApiFactory } from './legacy';
export { HpaCard as EksPlatformHpaCard } from './components/HpaCard';
export { PdbCard as EksPlatformPdbCard } from './components/PdbCard';
export { AlertsCard as EksPlatformAlertsCard } from './components/AlertsCard';
export { TracesCard as EksPlatformTracesCard } from './components/TracesCard';
export { PlatformContent as EksPlatformContent } from './components/PlatformContent';
export { FleetPage as EksPlatformFleetPage } from './components/FleetPage';
// For the app's home page: the signed-in user's services with their health,
// queried and shown the way the fleet page does.
export { queryFleetStatus } from './fleet/queryFleetStatus';
export { HealthStatus as EksPlatformHealthStatus } from './components/HealthStatus';
// For the app's own screen-reader-only text (the entity page's h1).
export { visuallyHidden } from './components/FormAccessibility';
