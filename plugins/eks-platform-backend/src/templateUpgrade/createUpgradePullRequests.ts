import {
  AuthService,
  DatabaseService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ServiceUpgrades } from '@internal/backstage-plugin-eks-platform-node';
import { migrateScoreHistory } from '../scorecard/ScoreHistoryStore';
import { TemplateVersions } from '../scorecard/TemplateVersions';
import { refreshUpgradePullRequests } from './refreshUpgradePullRequests';
import {
  readUpgradePullRequestRefresh,
  staleAfterMs,
} from './upgradePullRequestsConfig';
import { UpgradePullRequestStore } from './UpgradePullRequestStore';

/**
 * The record of upgrade pull requests (table migrated with the plugin's
 * other tables) and the scheduled task keeping the open ones fresh. One
 * backend instance runs each refresh (the scheduler's lock), so a fleet
 * of replicas makes the GitHub calls once.
 */
export async function createUpgradePullRequests(options: {
  config: Config;
  database: DatabaseService;
  scheduler: SchedulerService;
  catalog: CatalogService;
  auth: AuthService;
  upgrades: ServiceUpgrades;
  logger: LoggerService;
}) {
  const refresh = readUpgradePullRequestRefresh(options.config);
  const knex = await options.database.getClient();
  // Same folder as the scorecard history: latest() is a no-op once applied.
  if (!options.database.migrations?.skip) await migrateScoreHistory(knex);
  const store = new UpgradePullRequestStore(knex);
  const templateVersions = new TemplateVersions({
    catalog: options.catalog,
    auth: options.auth,
  });
  await options.scheduler.scheduleTask({
    id: 'eks-platform-template-upgrade-pull-requests',
    frequency: { minutes: refresh.frequencyMinutes },
    timeout: { minutes: 15 },
    initialDelay: { seconds: 30 },
    fn: async () => {
      await refreshUpgradePullRequests({
        catalog: options.catalog,
        auth: options.auth,
        finder: options.upgrades,
        store,
        templateVersions,
        logger: options.logger,
        batchSize: refresh.batchSize,
        concurrency: refresh.concurrency,
      });
    },
  });
  return { store, staleAfterMs: staleAfterMs(refresh) };
}
