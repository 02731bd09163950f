/**
 * The EKS platform portal's permission policy, installed as a module of the
 * permission backend in place of the allow-all policy.
 *
 * @packageDocumentation
 */
export { permissionModuleEksPlatformPolicy as default } from './module';
export {
  ADOPT_EXISTING_INPUT,
  EksPlatformPermissionPolicy,
} from './EksPlatformPermissionPolicy';
