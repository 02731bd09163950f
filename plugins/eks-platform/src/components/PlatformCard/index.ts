export { detailCardId, PlatformCard } from './PlatformCard';
export type { PlatformCardProps } from './PlatformCard';
