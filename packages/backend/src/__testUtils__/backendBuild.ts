import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BACKEND_DIR, REPO_ROOT } from './repoConfig';

/*
 * The backend image is built from the repository root after
 * `yarn build:backend` (the host-build approach Backstage documents). The
 * build takes about 2 minutes on a 2-core machine, so the test suite runs
 * it once as its own stage before jest (scripts/bootstrap/test-suite.mjs)
 * and the image tests read its output; run alone, they build first.
 */
export const BACKEND_DIST = path.join(BACKEND_DIR, 'dist');
export const BACKEND_BUILD_OUTPUTS = ['skeleton.tar.gz', 'bundle.tar.gz'];

export function ensureBackendBuild() {
  if (
    BACKEND_BUILD_OUTPUTS.every(f => fs.existsSync(path.join(BACKEND_DIST, f)))
  )
    return;
  execFileSync('yarn', ['build:backend'], {
    cwd: REPO_ROOT,
    // Not jest's NODE_ENV=test: the app's package.json has browserslist
    // queries for production and development only, and the bundler refuses
    // the build for any other environment.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
    timeout: 15 * 60_000,
  });
}
