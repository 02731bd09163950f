export {
  SYSTEM_BIN_DIRS,
  findExecutable,
  findPostgresBinDir,
  isExecutableFile,
} from './debianBinaries';
export { freePortSync, waitForPortSync } from './ports';
export { startPostgres } from './postgres';
export { startRedis } from './redis';
export { RealServerUnavailableError } from './realServer';
export type { RealServer } from './realServer';
export { startRealServersOrSkip } from './realServers';
export type { RealServerName, RealServers } from './realServers';
