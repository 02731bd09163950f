import { LunrSearchEngine } from '@backstage/plugin-search-backend-node';
import {
  IndexableResultSet,
  SearchQuery,
} from '@backstage/plugin-search-common';

/**
 * Lunr, the in-memory engine used when the database is not PostgreSQL (the
 * sandbox's SQLite), answering a query for types that have no index yet
 * with no results instead of MissingIndexError (a 500 in the search page).
 * A type has no index until its collator has indexed at least one
 * document: TechDocs has none until some docs are built, and every type
 * has none in the seconds after start.
 */
export class TolerantLunrSearchEngine extends LunrSearchEngine {
  async query(query: SearchQuery): Promise<IndexableResultSet> {
    const indexed = (query.types ?? []).filter(type => this.lunrIndices[type]);
    if (query.types?.length && indexed.length === 0) return { results: [] };
    return super.query(
      query.types?.length ? { ...query, types: indexed } : query,
    );
  }
}
