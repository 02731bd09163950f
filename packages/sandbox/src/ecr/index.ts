export { ecrSimulatorAwsConfig } from './awsConfig';
export { startEcrSimulator } from './server';
export type { EcrSimulator, EcrSimulatorOptions } from './server';
export type { Repository, Tag } from './operations';
export { FINDING_SEVERITIES } from './scanFindings';
export type {
  ImageCatalog,
  ImageScanFinding,
  SeededImage,
} from './scanFindings';
