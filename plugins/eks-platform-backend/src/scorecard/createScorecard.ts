import {
  AuthService,
  DatabaseService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  readEnvironments,
  ScorecardEnvironment,
  ScorecardRule,
} from '@internal/backstage-plugin-eks-platform-node';
import { StatusService } from '../status/StatusService';
import { readScorecardConfig } from './readScorecardConfig';
import { recordScoreHistory } from './recordScoreHistory';
import { configureRules } from './ruleSet';
import { BUILT_IN_RULES } from './rules';
import { ImageScans, ScorecardService } from './ScorecardService';
import { migrateScoreHistory, ScoreHistoryStore } from './ScoreHistoryStore';
import { TemplateVersions } from './TemplateVersions';

/**
 * The scorecard of the plugin: the rules in force (built-in and modules',
 * with the config's overrides), the service scoring from the status
 * service, the history table (migrated here) and the task writing it.
 * Bad config or a clashing module rule fails the start, saying what to fix.
 */
export async function createScorecard(options: {
  config: Config;
  status: StatusService;
  moduleRules: ScorecardRule[];
  catalog: CatalogService;
  auth: AuthService;
  database: DatabaseService;
  scheduler: SchedulerService;
  logger: LoggerService;
  images?: ImageScans;
}) {
  const scorecardConfig = readScorecardConfig(options.config);
  const rules = configureRules(
    [...BUILT_IN_RULES, ...options.moduleRules],
    scorecardConfig.rules,
  );
  const environments: ScorecardEnvironment[] = readEnvironments(
    options.config,
  ).map(env => ({
    name: env.name,
    clusters: [env.cluster],
    argocd: env.argocd,
  }));
  const service = new ScorecardService({
    status: options.status,
    rules,
    environments,
    thresholds: scorecardConfig.thresholds,
    images: options.images,
    templateVersions: new TemplateVersions({
      catalog: options.catalog,
      auth: options.auth,
    }),
  });

  const knex = await options.database.getClient();
  if (!options.database.migrations?.skip) await migrateScoreHistory(knex);
  const history = new ScoreHistoryStore(knex);

  await options.scheduler.scheduleTask({
    id: 'eks-platform-scorecard-history',
    frequency: { minutes: scorecardConfig.history.frequencyMinutes },
    timeout: { minutes: 15 },
    // Let the watch caches and pollers fill before the first scores.
    initialDelay: { minutes: 2 },
    fn: async () => {
      await recordScoreHistory({
        catalog: options.catalog,
        auth: options.auth,
        scorecards: service,
        history,
        retentionDays: scorecardConfig.history.retentionDays,
        logger: options.logger,
      });
    },
  });
  return { service, history };
}
