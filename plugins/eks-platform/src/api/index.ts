export { eksPlatformApiRef } from './EksPlatformApi';
export type { EksPlatformApi, StatusView } from './EksPlatformApi';
export { EksPlatformClient } from './EksPlatformClient';
export { RateLimitedError } from './RateLimitedError';
