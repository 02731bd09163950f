export * from './meta';
export * from './nodes';
export * from './pods';
export * from './deployments';
export * from './services';
