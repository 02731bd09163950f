import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { Entity } from '@backstage/catalog-model';
import { EksPlatformApi, eksPlatformApiRef, RateLimitedError } from '../../api';
import { bareEntity } from '../../__testUtils__/fixtures';
import { fleetEntities, fleetStatus } from '../../__testUtils__/fleetFixtures';
import { FleetPage } from './FleetPage';

/** Answers each batch with the statuses of exactly the refs it asked for. */
function statusFor(entities: Entity[]): EksPlatformApi['queryStatus'] {
  const all = fleetStatus(entities.filter(e => e !== bareEntity));
  return async ({ entityRefs }) => ({
    items: all.items.filter(i => entityRefs.includes(i.entityRef)),
    errors: all.errors.filter(e => entityRefs.includes(e.entityRef)),
  });
}

function renderFleet(
  entities: Entity[],
  queryStatus?: EksPlatformApi['queryStatus'],
  config?: NonNullable<Parameters<typeof renderInTestApp>[1]>['config'],
  initialRouteEntries?: string[],
  queryScorecards?: EksPlatformApi['queryScorecards'],
  queryUpgradePullRequests?: EksPlatformApi['queryUpgradePullRequests'],
) {
  const statusApi = {
    getEntityStatus: jest.fn(),
    queryStatus: jest.fn(queryStatus ?? statusFor(entities)),
    // No scorecards unless a test gives some: the rows then have no score.
    queryScorecards: jest.fn(
      queryScorecards ??
        ((async () => ({
          items: [],
          errors: [],
        })) as EksPlatformApi['queryScorecards']),
    ),
    // No upgrade pull requests recorded unless a test gives some.
    queryUpgradePullRequests: jest.fn(
      queryUpgradePullRequests ??
        ((async () => ({
          items: [],
          errors: [],
        })) as EksPlatformApi['queryUpgradePullRequests']),
    ),
  };
  renderInTestApp(<FleetPage />, {
    apis: [
      [catalogApiRef, catalogApiMock({ entities })],
      [eksPlatformApiRef, statusApi],
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    config,
    initialRouteEntries,
  });
  return statusApi;
}

// Plain selectors here: role queries over a 100-row table are slow in jsdom.
function bodyRows(): HTMLElement[] {
  return Array.from(
    screen.getByLabelText('Services').querySelectorAll('tbody tr'),
  );
}

// The two 1,000-service tests take ~2 s alone but share 2 CI cores with
// the whole repository's suites; give them headroom instead of flaking.
const THOUSAND_ROWS_TIMEOUT_MS = 60_000;

describe('FleetPage', () => {
  it(
    'lists 1,000 services from batches of the backend cap, one page at a time, worst first',
    async () => {
      const entities = fleetEntities(1000);
      const statusApi = renderFleet([...entities, bareEntity]);
      expect(
        await screen.findByTestId('fleet-range', {}, { timeout: 4000 }),
      ).toHaveTextContent('1–25 of 1,000');
      // Default eksPlatform.status.query.maxEntities: 500 per request.
      expect(statusApi.queryStatus).toHaveBeenCalledTimes(2);
      const requests = statusApi.queryStatus.mock.calls.map(c => c[0]);
      expect(requests.map(r => r.view)).toEqual(['summary', 'summary']);
      expect(requests.map(r => r.entityRefs.length)).toEqual([500, 500]);
      // Every annotated service asked for once; the unannotated one not at all.
      expect(new Set(requests.flatMap(r => r.entityRefs)).size).toBe(1000);
      expect(bodyRows()).toHaveLength(25);
      expect(
        within(bodyRows()[0]).getByText('service-0004').closest('a'),
      ).toHaveAttribute('href', '/catalog/default/component/service-0004');
      expect(within(bodyRows()[0]).getByText('Critical')).toBeInTheDocument();
      expect(screen.getByLabelText('Fleet health summary')).toHaveTextContent(
        '200 Critical200 Warning0 Pending0 Unknown600 Healthy',
      );
      fireEvent.click(screen.getByText('Next page'));
      expect(screen.getByTestId('fleet-range')).toHaveTextContent(
        '26–50 of 1,000',
      );
      fireEvent.change(screen.getByLabelText('Rows per page'), {
        target: { value: '100' },
      });
      expect(bodyRows()).toHaveLength(100);
    },
    THOUSAND_ROWS_TIMEOUT_MS,
  );

  it(
    'filters by owner, cluster and health, and sorts by name',
    async () => {
      renderFleet(fleetEntities(1000));
      await screen.findByTestId('fleet-range', {}, { timeout: 4000 });
      fireEvent.change(screen.getByLabelText('Owner'), {
        target: { value: 'search' },
      });
      expect(screen.getByTestId('fleet-range')).toHaveTextContent('of 250');
      fireEvent.change(screen.getByLabelText('Health'), {
        target: { value: 'critical' },
      });
      expect(screen.getByTestId('fleet-range')).toHaveTextContent('1–25 of 50');
      fireEvent.change(screen.getByLabelText('Cluster'), {
        target: { value: 'prod' },
      });
      expect(bodyRows().every(r => within(r).queryByText(/prod/))).toBe(true);
      fireEvent.click(screen.getByText('Clear filters'));
      expect(screen.getByTestId('fleet-range')).toHaveTextContent('of 1,000');

      const serviceHeader = screen.getByText('Service');
      fireEvent.click(serviceHeader);
      expect(serviceHeader.closest('th')).toHaveAttribute(
        'aria-sort',
        'ascending',
      );
      expect(bodyRows()[0].querySelector('a')).toHaveTextContent(
        'service-0000',
      );
      fireEvent.click(serviceHeader);
      expect(bodyRows()[0].querySelector('a')).toHaveTextContent(
        'service-0999',
      );

      fireEvent.change(screen.getByLabelText('Search services'), {
        target: { value: 'service-012' },
      });
      expect(screen.getByTestId('fleet-range')).toHaveTextContent('1–10 of 10');
    },
    THOUSAND_ROWS_TIMEOUT_MS,
  );

  it(
    'filters by a summary chip, which toggles off again',
    async () => {
      renderFleet(fleetEntities(100));
      await screen.findByTestId('fleet-range', {}, { timeout: 4000 });
      const chip = screen.getByRole('button', { name: /^\d+ Critical$/ });
      expect(chip).toHaveAttribute('aria-pressed', 'false');
      fireEvent.click(chip);
      expect(chip).toHaveAttribute('aria-pressed', 'true');
      expect(screen.getByLabelText('Health')).toHaveValue('critical');
      expect(bodyRows().every(r => within(r).queryByText('Critical'))).toBe(
        true,
      );
      fireEvent.click(chip);
      expect(screen.getByLabelText('Health')).toHaveValue('');
      expect(screen.getByTestId('fleet-range')).toHaveTextContent('of 100');
    },
    THOUSAND_ROWS_TIMEOUT_MS,
  );

  it(
    'restores its filters from the URL (Back from a service)',
    async () => {
      renderFleet(fleetEntities(1000), undefined, undefined, [
        '/?owner=search&health=critical&health=bogus',
      ]);
      await screen.findByTestId('fleet-range', {}, { timeout: 4000 });
      expect(screen.getByLabelText('Owner')).toHaveValue('search');
      expect(screen.getByLabelText('Health')).toHaveValue('critical');
      expect(screen.getByTestId('fleet-range')).toHaveTextContent('1–25 of 50');
    },
    THOUSAND_ROWS_TIMEOUT_MS,
  );

  it('shows owners by their display name', async () => {
    const entities = fleetEntities(3);
    const team: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'payments' },
      spec: {
        type: 'team',
        children: [],
        profile: { displayName: 'Payments team' },
      },
    };
    renderFleet([...entities, team]);
    await screen.findByTestId('fleet-range', {}, { timeout: 4000 });
    await waitFor(() =>
      expect(bodyRows().some(r => within(r).queryByText('Payments team'))).toBe(
        true,
      ),
    );
  });

  it('explains the health levels in a legend', async () => {
    renderFleet(fleetEntities(3));
    await screen.findByTestId('fleet-range', {}, { timeout: 4000 });
    fireEvent.click(
      screen.getByText('What do Critical, Warning and Pending mean?'),
    );
    expect(
      screen.getByText(
        /^Not deployed yet: its registration pull request is open/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Users are affected now/)).toBeInTheDocument();
  });

  it('still lists services when the status backend fails', async () => {
    renderFleet(fleetEntities(3), async () => {
      throw new Error('Request failed with 503 Service Unavailable');
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The EKS platform backend is failing: Request failed with 503 Service Unavailable.',
    );
    expect(bodyRows()).toHaveLength(3);
    expect(within(bodyRows()[0]).getByText('Unknown')).toBeInTheDocument();
  });

  it('says plainly when the scores fail to load, and still shows the health', async () => {
    const statusApi = renderFleet(
      fleetEntities(3),
      undefined,
      undefined,
      undefined,
      async () => {
        throw new Error('Request failed with 500 Internal Server Error');
      },
    );
    // Headroom: the machine's 2 cores are shared with other suites.
    expect(
      await screen.findByTestId('fleet-score-error', {}, { timeout: 5000 }),
    ).toHaveTextContent(
      'Readiness scores could not be loaded: Request failed with 500 Internal Server Error. Health is still shown; the Score column stays empty until the next refresh.',
    );
    expect(statusApi.queryScorecards).toHaveBeenCalled();
    expect(bodyRows()).toHaveLength(3);
    expect(
      bodyRows().filter(r => within(r).queryByText('Unknown')),
    ).toHaveLength(0);
    // The status backend answered: no error banner for it.
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('splits the batch by the cap configured for the browser', async () => {
    const statusApi = renderFleet(fleetEntities(10), undefined, {
      eksPlatform: { status: { query: { maxEntities: 4 } } },
    });
    expect(await screen.findByTestId('fleet-range')).toHaveTextContent(
      '1–10 of 10',
    );
    expect(
      statusApi.queryStatus.mock.calls.map(c => c[0].entityRefs.length),
    ).toEqual([4, 4, 2]);
  });

  it('says it is rate limited, keeps the rows, and asks again after the announced delay', async () => {
    const entities = fleetEntities(3);
    const answer = statusFor(entities);
    let calls = 0;
    const statusApi = renderFleet(entities, async request => {
      calls++;
      if (calls === 1) {
        throw new RateLimitedError(1000);
      }
      return answer(request);
    });
    const notice = await screen.findByTestId('fleet-rate-limited');
    expect(notice).toHaveTextContent(
      /^The EKS platform backend is limiting your status requests: Too many status reads: the EKS platform backend asked to wait Trying again in \d s\. Health is unknown until then\.$/,
    );
    expect(bodyRows()).toHaveLength(3);
    expect(within(bodyRows()[0]).getByText('Unknown')).toBeInTheDocument();
    // No error banner: being limited is not the backend failing.
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    await waitFor(
      () =>
        expect(
          screen.queryByTestId('fleet-rate-limited'),
        ).not.toBeInTheDocument(),
      { timeout: 4000 },
    );
    expect(statusApi.queryStatus).toHaveBeenCalledTimes(2);
    expect(
      bodyRows().filter(r => within(r).queryByText('Unknown')),
    ).toHaveLength(0);
  });

  it('shows an empty table when no service is annotated', async () => {
    const statusApi = renderFleet([bareEntity]);
    await waitFor(() =>
      expect(
        screen.getByText('No service matches these filters.'),
      ).toBeInTheDocument(),
    );
    expect(statusApi.queryStatus).not.toHaveBeenCalled();
  });

  describe('template versions', () => {
    /** Three services: two on 1.0.0 (one of another template), one on 1.1.0; the template is at 1.1.0. */
    function templated(): Entity[] {
      const [orders, billing, legacy] = fleetEntities(3);
      const on = (entity: Entity, ref: string, version: string): Entity => ({
        ...entity,
        metadata: {
          ...entity.metadata,
          annotations: {
            ...entity.metadata.annotations,
            'eks.platform/template-ref': ref,
            'eks.platform/template-version': version,
          },
        },
      });
      return [
        on(orders, 'template:default/eks-service', '1.0.0'),
        on(billing, 'template:default/eks-service', '1.1.0'),
        legacy,
        {
          apiVersion: 'scaffolder.backstage.io/v1beta3',
          kind: 'Template',
          metadata: {
            name: 'eks-service',
            namespace: 'default',
            annotations: { 'eks.platform/template-version': '1.1.0' },
          },
          spec: {},
        },
      ];
    }
    const templateCell = (row: HTMLElement) =>
      row.querySelector('td[data-column="template"]');

    it('shows each service’s template version, "behind → 1.1.0" when the template moved on', async () => {
      renderFleet(templated());
      expect(await screen.findByTestId('fleet-range')).toHaveTextContent(
        '1–3 of 3',
      );
      const cells = Object.fromEntries(
        bodyRows().map(row => [
          row.querySelector('th')!.textContent,
          templateCell(row)!.textContent,
        ]),
      );
      expect(cells).toEqual({
        'service-0000': '1.0.0behind → 1.1.0',
        'service-0001': '1.1.0',
        'service-0002': '—',
      });
    });

    it('filters the services that are behind, and keeps the filter in the URL', async () => {
      renderFleet(templated(), undefined, undefined, ['/?template=behind']);
      expect(await screen.findByTestId('fleet-range')).toHaveTextContent(
        '1–1 of 1',
      );
      expect(screen.getByLabelText('Template version')).toHaveValue('behind');
      expect(bodyRows()[0]).toHaveTextContent('service-0000');
      fireEvent.change(screen.getByLabelText('Template version'), {
        target: { value: 'current' },
      });
      expect(screen.getByTestId('fleet-range')).toHaveTextContent('1–1 of 1');
      expect(bodyRows()[0]).toHaveTextContent('service-0001');
    });
  });
  describe('upgrade pull requests', () => {
    const TEMPLATE: Entity = {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: {
        name: 'eks-service',
        namespace: 'default',
        annotations: { 'eks.platform/template-version': '1.1.0' },
      },
      spec: {},
    };
    /** Four services on the template: three behind (0, 1, 2), one up to date (3). */
    function services(): Entity[] {
      return [
        ...fleetEntities(4).map((entity, i) => ({
          ...entity,
          metadata: {
            ...entity.metadata,
            annotations: {
              ...entity.metadata.annotations,
              'eks.platform/template-ref': 'template:default/eks-service',
              'eks.platform/template-version': i === 3 ? '1.1.0' : '1.0.0',
            },
          },
        })),
        TEMPLATE,
      ];
    }
    const ref = (i: number) =>
      `component:default/service-${String(i).padStart(4, '0')}`;
    const checkedAt = new Date().toISOString();
    /** service-0000 has PR #12 open (1 conflict), service-0001 a merged one confirmed long ago, service-0002 none. */
    const recorded: EksPlatformApi['queryUpgradePullRequests'] = async ({
      entityRefs,
    }) => ({
      items: [
        {
          entityRef: ref(0),
          targetVersion: '1.1.0',
          state: 'open' as const,
          url: 'https://github.example/acme/service-0000/pull/12',
          number: 12,
          conflicts: 1,
          checkedAt,
          stale: false,
        },
        {
          entityRef: ref(1),
          targetVersion: '1.1.0',
          state: 'merged' as const,
          url: 'https://github.example/acme/service-0001/pull/4',
          number: 4,
          checkedAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
          stale: true,
        },
        {
          entityRef: ref(2),
          targetVersion: '1.1.0',
          state: 'none' as const,
          checkedAt,
          stale: false,
        },
      ].filter(item => entityRefs.includes(item.entityRef)),
      errors: [],
    });
    const templateCells = () =>
      Object.fromEntries(
        bodyRows().map(row => [
          row.querySelector('th')!.textContent,
          row.querySelector('td[data-column="template"]')!.textContent,
        ]),
      );

    it('shows each behind service’s pull request, linked, asking only about the services behind in one query', async () => {
      const api = renderFleet(
        services(),
        undefined,
        undefined,
        undefined,
        undefined,
        recorded,
      );
      await waitFor(
        () => expect(templateCells()['service-0000']).toContain('PR open #12'),
        { timeout: 5000 },
      );
      expect(templateCells()).toEqual({
        // Backstage's Link says an external link opens a new window.
        'service-0000':
          '1.0.0behind → 1.1.0 · PR open #12, Opens in a new window (1 conflict)',
        'service-0001':
          '1.0.0behind → 1.1.0 · PR merged #4, Opens in a new window (stale, confirmed 2 h ago)',
        'service-0002': '1.0.0behind → 1.1.0 · no PR',
        'service-0003': '1.1.0',
      });
      const link = screen.getByRole('link', {
        name: 'PR open #12: upgrade pull request of service-0000, Opens in a new window',
      });
      expect(link).toHaveAttribute(
        'href',
        'https://github.example/acme/service-0000/pull/12',
      );
      const [[asked]] = api.queryUpgradePullRequests.mock.calls;
      expect([...asked.entityRefs].sort()).toEqual([ref(0), ref(1), ref(2)]);
    });

    it('filters by upgrade pull request alongside "behind", kept in the URL', async () => {
      renderFleet(
        services(),
        undefined,
        undefined,
        ['/?template=behind&upgradePr=open'],
        undefined,
        recorded,
      );
      await waitFor(
        () =>
          expect(screen.getByTestId('fleet-range')).toHaveTextContent(
            '1–1 of 1',
          ),
        { timeout: 5000 },
      );
      expect(screen.getByLabelText('Upgrade pull request')).toHaveValue('open');
      expect(bodyRows()[0]).toHaveTextContent('service-0000');
      fireEvent.change(screen.getByLabelText('Upgrade pull request'), {
        target: { value: 'none' },
      });
      // "None yet": no pull request open or merged.
      expect(screen.getByTestId('fleet-range')).toHaveTextContent('1–1 of 1');
      expect(bodyRows()[0]).toHaveTextContent('service-0002');
    });

    it('says plainly when the states fail to load, and still shows the versions', async () => {
      renderFleet(
        services(),
        undefined,
        undefined,
        undefined,
        undefined,
        async () => {
          throw new Error('database unavailable');
        },
      );
      expect(
        await screen.findByTestId('fleet-pr-error', {}, { timeout: 5000 }),
      ).toHaveTextContent(
        'Upgrade pull requests could not be loaded: database unavailable',
      );
      expect(templateCells()['service-0000']).toBe('1.0.0behind → 1.1.0');
    });
  });
});
