export {
  findUpstreamBinary,
  repositoryRoot,
  upstreamBinary,
  upstreamFiles,
} from './upstreamBinaries';
export type { UpstreamBinary, UpstreamFiles } from './upstreamBinaries';
