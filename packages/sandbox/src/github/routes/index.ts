import { findRepo } from '../api/lookup';
import type { Router } from '../api/router';
import { registerAccountRoutes } from './accounts';
import { registerSecretRoutes } from './actionsSecrets';
import { registerVariableRoutes } from './actionsVariables';
import { registerBranchRoutes } from './branches';
import { registerCommitRoutes } from './commits';
import { registerCompareRoutes } from './compare';
import { registerContentRoutes } from './contents';
import { registerEnvironmentRoutes } from './environments';
import { registerGitDataRoutes } from './gitData';
import { registerPullRoutes } from './pulls';
import { registerRepoAccessRoutes } from './repoAccess';
import { registerRepoExtraRoutes } from './repoExtras';
import { registerRepoRoutes } from './repos';
import { registerWorkflowRunRoutes } from './workflowRuns';

/** Every REST route, relative to `/api/v3` (the raw host's `/raw/…` too). */
export function registerAllRoutes(router: Router): Router {
  registerAccountRoutes(router);
  registerRepoRoutes(router);
  registerRepoAccessRoutes(router);
  registerContentRoutes(router);
  registerGitDataRoutes(router);
  registerCommitRoutes(router);
  registerCompareRoutes(router);
  registerBranchRoutes(router);
  registerPullRoutes(router);
  registerEnvironmentRoutes(router);
  registerVariableRoutes(
    router,
    '/repos/:owner/:repo/actions/variables',
    ctx => findRepo(ctx).variables,
  );
  registerSecretRoutes(router, '/repos/:owner/:repo/actions/secrets', ctx => {
    const repo = findRepo(ctx);
    return { secrets: repo.secrets, box: repo.secretBox };
  });
  registerRepoExtraRoutes(router);
  registerWorkflowRunRoutes(router);
  return router;
}
