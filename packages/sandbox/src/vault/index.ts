export {
  startVaultSimulator,
  REGISTRAR_POLICY,
  DEFAULT_APPROLE,
} from './server';
export type { VaultSimulator, VaultSimulatorOptions } from './server';
export type { AppRoleSeed } from './approle';
export { parsePolicy } from './hcl';
