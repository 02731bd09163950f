import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ScorecardService } from './ScorecardService';
import { ScoreHistoryStore } from './ScoreHistoryStore';

/**
 * One run of the history task: today's score of every component in every
 * environment (the day's latest run wins), then the rows past retention go.
 * Runs with the plugin's own credentials: history is kept for every
 * service; who may read it is decided when it is read.
 */
export async function recordScoreHistory(options: {
  catalog: CatalogService;
  auth: AuthService;
  scorecards: ScorecardService;
  history: ScoreHistoryStore;
  retentionDays: number;
  logger: LoggerService;
  now?: () => Date;
}): Promise<{ written: number; deleted: number }> {
  const { catalog, auth, scorecards, history, logger } = options;
  const now = (options.now ?? (() => new Date()))();
  const { items } = await catalog.getEntities(
    { filter: { kind: 'component' } },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  const rows: Array<{ entityRef: string; environment: string; score: number }> =
    [];
  for (const entity of items) {
    try {
      const scorecard = await scorecards.scorecardOf(entity);
      for (const env of scorecard.environments) {
        if (env.score !== undefined)
          rows.push({
            entityRef: stringifyEntityRef(entity),
            environment: env.environment,
            score: env.score,
          });
      }
    } catch (e) {
      // One entity's failure must not cost the whole fleet its day.
      logger.warn(
        `Scoring ${stringifyEntityRef(entity)} for the history failed: ${
          (e as Error).message
        }`,
      );
    }
  }
  await history.record(rows, now);
  const deleted = await history.deleteOlderThan(options.retentionDays, now);
  logger.info(
    `Scorecard history: ${rows.length} scores written for ${items.length} components, ${deleted} old rows deleted`,
  );
  return { written: rows.length, deleted };
}
