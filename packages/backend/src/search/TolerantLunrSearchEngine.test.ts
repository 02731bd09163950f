import { Readable } from 'node:stream';
import { mockServices } from '@backstage/backend-test-utils';
import { TolerantLunrSearchEngine } from './TolerantLunrSearchEngine';

async function engineWithCatalogIndex() {
  const engine = new TolerantLunrSearchEngine({
    logger: mockServices.logger.mock(),
  });
  // The engine takes an index when its indexer stream closes, as the
  // search backend's scheduled collation drives it.
  const indexer = await engine.getIndexer('software-catalog');
  await new Promise((resolve, reject) => {
    indexer.on('close', resolve).on('error', reject);
    Readable.from([
      { title: 'order-service', text: 'Deployed by GitOps', location: '/a' },
    ]).pipe(indexer);
  });
  return engine;
}

describe('TolerantLunrSearchEngine', () => {
  it('answers a query for a type without an index with no results, not MissingIndexError', async () => {
    const engine = await engineWithCatalogIndex();
    await expect(
      engine.query({ term: 'gitops', types: ['techdocs'] }),
    ).resolves.toEqual({ results: [] });
  });

  it('searches the indexed types of a query that also names a type without an index', async () => {
    const engine = await engineWithCatalogIndex();
    const { results } = await engine.query({
      term: 'gitops',
      types: ['techdocs', 'software-catalog'],
    });
    expect(results.map(r => r.document.title)).toEqual(['order-service']);
  });

  it('searches every index when the query names no type', async () => {
    const engine = await engineWithCatalogIndex();
    const { results } = await engine.query({ term: 'gitops' });
    expect(results.map(r => r.type)).toEqual(['software-catalog']);
  });
});
