/*
 * A production-shaped backend for the crash-recovery test: the real catalog
 * and scaffolder with our actions, on a database that outlives the process,
 * and real sign-in (the auth backend with the guest provider) so the task
 * runs as a user whose team membership the actions check, before and after
 * the crash. Started as a child process so the test can kill it with
 * SIGKILL.
 */
import { createBackend } from '@backstage/backend-defaults';
import authPlugin from '@backstage/plugin-auth-backend';
import authModuleGuestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import { platformFeatures } from '../harness/platformFeatures';

const backend = createBackend();
for (const feature of platformFeatures()) backend.add(feature);
backend.add(authPlugin);
backend.add(authModuleGuestProvider);
backend.start();
