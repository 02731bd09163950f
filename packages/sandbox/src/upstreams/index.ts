export {
  findUpstreamBinary,
  repositoryRoot,
  upstreamBinary,
} from './upstreamBinaries';
export type { UpstreamBinary } from './upstreamBinaries';
