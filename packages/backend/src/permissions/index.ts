export { permissionModuleEksPlatformPolicy as default } from './permissionPolicyModule';
