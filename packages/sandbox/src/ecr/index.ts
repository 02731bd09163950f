export { startEcrSimulator } from './server';
export type { EcrSimulator, EcrSimulatorOptions } from './server';
export type { Repository, Tag } from './operations';
