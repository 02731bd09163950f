/**
 * Shared types, annotations and permissions of the EKS platform plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './environments';
export * from './limits';
export * from './links';
export * from './permissions';
export * from './registration';
export * from './status';
export * from './extraSources';
export * from './fleetServices';
export * from './verdicts';
export * from './replicaBudget';
export * from './scorecard';
export * from './templateUpgrade';
export * from './serviceNames';
