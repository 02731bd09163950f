/** New-frontend-system entry point; the default export is the plugin. */
export { eksPlatformPlugin as default } from './plugin';
export {
  alertsEntityCard,
  hpaEntityCard,
  operationalStatusEntityCard,
  pdbEntityCard,
  readinessEntityCard,
  templateUpgradeEntityCard,
  tracesEntityCard,
} from './extensions/entityCards';
export { platformEntityContent } from './extensions/entityContent';
export { fleetPage } from './extensions/fleetPage';
export { teamScorecardPage } from './extensions/teamScorecardPage';
export { environmentPickerFormField } from './extensions/environmentPickerField';
export {
  entityDisplayNameFormField,
  replicaCountFormField,
  serviceNameFormField,
} from './extensions/goldenPathFormFields';
export { fleetRouteRef, teamScorecardRouteRef } from './routes';
