/*
 * Limits of the status API that the browser must know too: the fleet page
 * splits its batch query by the same cap the backend enforces.
 */

/**
 * Default of `eksPlatform.status.query.maxEntities`: entity refs one
 * `POST /v1/status/query` may ask for (`view: summary`). A summary is about
 * 2 KB, so a full batch answers ~1 MB; a fleet of 1,000 services is two
 * batches.
 */
export const DEFAULT_STATUS_QUERY_MAX_ENTITIES = 500;

/** The config key of that cap, readable in the browser. */
export const STATUS_QUERY_MAX_ENTITIES_KEY =
  'eksPlatform.status.query.maxEntities';
