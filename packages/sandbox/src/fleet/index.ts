export { buildFleet, syntheticServiceRefs } from './fleet';
export type { FleetOptions } from './fleet';
export { loadCatalogServices } from './catalog';
export type { CatalogServiceRef } from './catalog';
export { deriveServiceParams, deriveRoutes } from './params';
export {
  hashString,
  unitHash,
  createRandom,
  nameSuffix,
  hexId,
} from './random';
export type * from './types';
