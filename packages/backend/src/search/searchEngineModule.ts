import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { searchEngineRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { PgSearchEngine } from '@backstage/plugin-search-backend-module-pg';
import { TolerantLunrSearchEngine } from './TolerantLunrSearchEngine';

/**
 * The search engine: PostgreSQL's full-text search when the database is
 * PostgreSQL (production), otherwise Lunr in memory that tolerates types
 * without an index. Replaces `@backstage/plugin-search-backend-module-pg`,
 * which registers nothing on SQLite and leaves the stock Lunr engine,
 * whose MissingIndexError answers `types=techdocs` with a 500.
 */
export const searchEngineModule = createBackendModule({
  pluginId: 'search',
  moduleId: 'eks-platform-engine',
  register(env) {
    env.registerInit({
      deps: {
        searchEngineRegistry: searchEngineRegistryExtensionPoint,
        database: coreServices.database,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ searchEngineRegistry, database, config, logger }) {
        if (await PgSearchEngine.supported(database)) {
          searchEngineRegistry.setSearchEngine(
            await PgSearchEngine.fromConfig(config, { database, logger }),
          );
        } else {
          logger.info(
            'The database is not PostgreSQL: searching with Lunr in memory',
          );
          searchEngineRegistry.setSearchEngine(
            new TolerantLunrSearchEngine({ logger }),
          );
        }
      },
    });
  },
});
