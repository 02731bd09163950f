/* eslint-disable no-console */
import { ensureCaDataFile } from './kubernetes';

/*
 * `yarn workspace @internal/eks-platform-sandbox certificates`: makes the
 * sandbox clusters' CA and the caData file app-config.yaml includes, so the
 * portal's config loads before the sandbox has ever started (npm test and
 * npm start run it first).
 */
try {
  console.log(`Sandbox cluster CA: ${ensureCaDataFile()}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
