export * from './durations';
export * from './describeHpa';
export * from './setupHints';
export * from './operationalVerdicts';
