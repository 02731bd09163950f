import { Entity } from '@backstage/catalog-model';
import { fleetEntities, fleetStatus } from '../__testUtils__/fleetFixtures';
import { fleetScorecard } from '../__testUtils__/scorecardFixtures';
import { buildFleetRows, shortRef, withScores } from './fleetRows';
import { filtersFromSearch, filtersToSearch } from './fleetFiltersInUrl';
import { filterOptions, filterRows, NO_FILTERS, sortRows } from './fleetQuery';
import { ownerNames } from './ownerNames';

describe('fleet rows', () => {
  const entities = fleetEntities(1000);
  const rows = buildFleetRows(entities, fleetStatus(entities));

  it('joins entities with their status', () => {
    expect(rows).toHaveLength(1000);
    expect(rows[0]).toEqual({
      entityRef: 'component:default/service-0000',
      name: 'service-0000',
      title: undefined,
      owner: 'payments',
      system: 'shop',
      clusters: [{ name: 'dev', state: 'ok' }],
      kubernetesState: 'ok',
      health: 'healthy',
      reasons: [],
      firingAlerts: 0,
    });
    expect(rows[4]).toMatchObject({
      health: 'critical',
      firingAlerts: 2,
      reasons: ['ServiceAvailabilityBudgetBurnFast firing'],
    });
  });

  it('marks entities the backend refused as unknown with the reason', () => {
    const [entity] = fleetEntities(1);
    const [row] = buildFleetRows([entity], {
      items: [],
      errors: [
        {
          entityRef: 'component:default/service-0000',
          error: { name: 'NotAllowedError', message: 'not allowed' },
        },
      ],
    });
    expect(row).toMatchObject({
      health: 'unknown',
      reasons: ['No status: not allowed'],
    });
  });

  it('shortens refs in the default namespace', () => {
    expect(shortRef('group:default/payments', 'group')).toBe('payments');
    expect(shortRef('user:default/jane', 'group')).toBe('user:jane');
    expect(shortRef('group:ops/sre', 'group')).toBe('ops/sre');
    expect(shortRef(undefined, 'group')).toBe('');
  });

  it('filters by owner, system, cluster, health and search', () => {
    expect(filterRows(rows, { ...NO_FILTERS, owner: 'search' })).toHaveLength(
      250,
    );
    expect(
      filterRows(rows, { ...NO_FILTERS, system: 'infra' }).every(
        r => r.system === 'infra',
      ),
    ).toBe(true);
    expect(filterRows(rows, { ...NO_FILTERS, cluster: 'prod' })).toHaveLength(
      1000 - 143,
    );
    expect(
      filterRows(rows, { ...NO_FILTERS, health: 'critical' }),
    ).toHaveLength(200);
    expect(
      filterRows(rows, { ...NO_FILTERS, search: ' SERVICE-099' }).map(
        r => r.name,
      ),
    ).toHaveLength(10);
    expect(
      filterRows(rows, { ...NO_FILTERS, owner: 'search', health: 'critical' }),
    ).toHaveLength(50);
  });

  it('sorts worst health first, then by name', () => {
    const sorted = sortRows(rows, { key: 'health', direction: 'ascending' });
    expect(sorted.slice(0, 2).map(r => [r.name, r.health])).toEqual([
      ['service-0004', 'critical'],
      ['service-0009', 'critical'],
    ]);
    expect(sorted[999].health).toBe('healthy');
    const byName = sortRows(rows, { key: 'name', direction: 'descending' });
    expect(byName[0].name).toBe('service-0999');
    const byAlerts = sortRows(rows, { key: 'alerts', direction: 'descending' });
    expect(byAlerts[0].firingAlerts).toBe(2);
  });

  it('offers the values present as filter options', () => {
    expect(filterOptions(rows)).toEqual({
      owners: ['identity', 'payments', 'platform', 'search'],
      systems: ['accounts', 'infra', 'shop'],
      clusters: ['dev', 'prod'],
      failingRules: [],
    });
  });
});

describe('fleet scores', () => {
  const entities = fleetEntities(4);
  const scored = withScores(buildFleetRows(entities, fleetStatus(entities)), {
    items: [
      fleetScorecard('service-0000', 95, []),
      fleetScorecard('service-0001', 40, ['network-policy', 'probes']),
      fleetScorecard('service-0002', 70, ['probes']),
      // service-0003: the backend judged nothing yet.
      fleetScorecard('service-0003', undefined, []),
    ],
    errors: [],
  });

  it('gives each row its lowest environment score and the rules failing anywhere', () => {
    expect(scored.map(r => [r.name, r.score, r.failingRules])).toEqual([
      ['service-0000', 95, []],
      ['service-0001', 40, ['network-policy', 'probes']],
      ['service-0002', 70, ['probes']],
      ['service-0003', undefined, []],
    ]);
  });

  it('sorts by score either way with unscored services last', () => {
    const names = (direction: 'ascending' | 'descending') =>
      sortRows(scored, { key: 'score', direction }).map(r => r.name);
    expect(names('ascending')).toEqual([
      'service-0001',
      'service-0002',
      'service-0000',
      'service-0003',
    ]);
    expect(names('descending')).toEqual([
      'service-0000',
      'service-0002',
      'service-0001',
      'service-0003',
    ]);
  });

  it('filters by a score threshold and by a failing rule', () => {
    const names = (filters: Partial<typeof NO_FILTERS>) =>
      filterRows(scored, { ...NO_FILTERS, ...filters }).map(r => r.name);
    expect(names({ scoreBelow: '70' })).toEqual(['service-0001']);
    expect(names({ scoreBelow: '90' })).toEqual([
      'service-0001',
      'service-0002',
    ]);
    expect(names({ failingRule: 'probes' })).toEqual([
      'service-0001',
      'service-0002',
    ]);
    expect(filterOptions(scored).failingRules).toEqual([
      'network-policy',
      'probes',
    ]);
  });

  it('reads the score filters from the URL and ignores a threshold that is not a number', () => {
    expect(
      filtersFromSearch(
        new URLSearchParams('scoreBelow=70&failingRule=probes'),
      ),
    ).toEqual({ ...NO_FILTERS, scoreBelow: '70', failingRule: 'probes' });
    expect(
      filtersFromSearch(new URLSearchParams('scoreBelow=low')).scoreBelow,
    ).toBe('');
    expect(
      filtersToSearch({ ...NO_FILTERS, scoreBelow: '50' }).toString(),
    ).toBe('scoreBelow=50');
  });

  it('keeps the template filter in the URL and ignores an unknown one', () => {
    expect(filtersFromSearch(new URLSearchParams('template=behind'))).toEqual({
      ...NO_FILTERS,
      template: 'behind',
    });
    expect(
      filtersFromSearch(new URLSearchParams('template=ahead')).template,
    ).toBe('');
    expect(
      filtersToSearch({ ...NO_FILTERS, template: 'behind' }).toString(),
    ).toBe('template=behind');
  });
});

describe('owner display names', () => {
  it("shows a group's profile display name, else its title, else the short ref", () => {
    const owned = (name: string, owner: string): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name },
      spec: { owner, type: 'service' },
    });
    const group = (name: string, extra: Partial<Entity>): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name, ...extra.metadata },
      spec: { type: 'team', children: [], ...extra.spec },
    });
    const names = ownerNames([
      group('team-commerce', {
        spec: { profile: { displayName: 'Commerce team' } },
      }),
      group('team-search', {
        metadata: { name: 'team-search', title: 'Search' },
      }),
    ]);
    const rows = buildFleetRows(
      [
        owned('cart', 'team-commerce'),
        owned('finder', 'group:default/team-search'),
        owned('legacy', 'team-unknown'),
      ],
      { items: [], errors: [] },
      names,
    );
    expect(rows.map(r => r.ownerName)).toEqual([
      'Commerce team',
      'Search',
      'team-unknown',
    ]);
  });
});
