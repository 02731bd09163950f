/*
 * A production-shaped backend for the crash-recovery test: the real catalog
 * and scaffolder with our actions, on a database that outlives the process.
 * Started as a child process so the test can kill it with SIGKILL.
 */
import { createBackend } from '@backstage/backend-defaults';
import { platformFeatures } from '../harness/platformFeatures';

const backend = createBackend();
for (const feature of platformFeatures()) backend.add(feature);
// Tasks run as a signed-in user: the eks:* actions act only for members of
// the owning team, never for service credentials.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.start();
