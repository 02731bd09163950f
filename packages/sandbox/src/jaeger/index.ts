export { startJaegerSimulator } from './server';
export type { JaegerSimulator, JaegerSimulatorOptions } from './server';
export { TraceGenerator } from './traces';
