export { ArgoCdApps, argoHealthLevel, syncLevel } from './ArgoCdApps';
