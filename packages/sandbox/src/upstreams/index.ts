export {
  findUpstreamBinary,
  repositoryRoot,
  upstreamBinary,
  upstreamFiles,
} from './upstreamBinaries';
export type { UpstreamBinary, UpstreamFiles } from './upstreamBinaries';
export { helmEnvironment, runHelm } from './helm';
export type { HelmResult } from './helm';
