export { RefreshingCard } from './RefreshingCard';
export type { RefreshingCardProps } from './RefreshingCard';
