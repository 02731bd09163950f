export { startControlServer } from './server';
export type { ControlServer, ControlServerOptions } from './server';
