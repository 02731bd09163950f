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
export {
  SANDBOX_PORTAL_URL,
  PLATFORM_DOCS_ENTITY,
  sandboxRunbookUrl,
} from './runbooks';
export {
  DEFAULT_READINESS_BREAKS,
  READINESS_BREAK_RULES,
  READINESS_BREAKS,
} from './readinessBreaks';
