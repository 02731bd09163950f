export { Sparkline, sparklinePoints } from './Sparkline';
export type { SparklineProps } from './Sparkline';
