export { startTracePipeline, detectTracePipelineBinaries } from './pipeline';
export type {
  TracePipeline,
  TracePipelineOptions,
  TracePipelinePorts,
} from './pipeline';
export { startSpanEmitter } from './spanEmitter';
export type {
  SpanEmitter,
  SpanEmitterOptions,
  SpanEmitterStats,
  ServiceCalls,
} from './spanEmitter';
export { samplingRate } from './sampling';
export { startTracingStack, tracingStackAvailability } from './tracingStack';
export type { TracingStack, TracingStackOptions } from './tracingStack';
