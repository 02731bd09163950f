export { eksPlatformApiRef } from './EksPlatformApi';
export type {
  EksPlatformApi,
  ScorecardRollupBy,
  StatusView,
} from './EksPlatformApi';
export { EksPlatformClient } from './EksPlatformClient';
export { RateLimitedError } from './RateLimitedError';
