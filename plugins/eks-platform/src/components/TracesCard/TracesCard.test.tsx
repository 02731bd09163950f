import { screen, within } from '@testing-library/react';
import {
  bareEntity,
  errorSource,
  FIXTURE_NOW,
  notConfiguredSource,
  staleSource,
  statusFixture,
  tracesFixture,
} from '../../__testUtils__/fixtures';
import { renderCard } from '../../__testUtils__/renderCard';
import { TracesCard } from './TracesCard';

describe('TracesCard', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW));
  afterEach(() => jest.restoreAllMocks());

  it('shows a skeleton while loading', async () => {
    renderCard(<TracesCard />, 'pending');
    expect(
      await screen.findByRole('progressbar', { name: 'Loading Traces' }),
    ).toBeInTheDocument();
  });

  it('shows rate, errors, latency, trend, operations and error traces', async () => {
    renderCard(<TracesCard />, statusFixture());
    expect(await screen.findByText('42.5 req/s')).toBeInTheDocument();
    expect(screen.getByText('1.23 %')).toBeInTheDocument();
    expect(screen.getByText('180 ms')).toBeInTheDocument();
    expect(screen.getByText('420 ms')).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: 'Request rate over the last hour: from 40.0 req/s to 55.0 req/s, peak 55.0 req/s',
      }),
    ).toBeInTheDocument();
    const ops = screen.getByRole('table', { name: 'Top operations' });
    const rows = within(ops).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('POST /orders30.1 req/s2.00 %210 ms');
    expect(rows[2]).toHaveTextContent('GET /cart');
    expect(
      screen.getByRole('link', {
        name: /^Error trace POST \/orders 3 min ago in Jaeger/,
      }),
    ).toHaveAttribute(
      'href',
      'http://127.0.0.1:7150/trace/4bf92f3577b34da6a3ce929d0e0e4736',
    );
    expect(
      screen.getByRole('link', { name: /Open checkout in Jaeger/ }),
    ).toBeInTheDocument();
  });

  it('omits empty sections', async () => {
    renderCard(
      <TracesCard />,
      statusFixture({
        traces: {
          state: 'ok',
          data: tracesFixture({ operations: [], errorTraces: [], series: [] }),
        },
      }),
    );
    expect(await screen.findByText('42.5 req/s')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.queryByText('Recent error traces')).not.toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });

  it('shows stale traces under a notice', async () => {
    renderCard(
      <TracesCard />,
      statusFixture({ traces: staleSource(tracesFixture(), 'jaeger') }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'jaeger is failing',
    );
    expect(screen.getByText('42.5 req/s')).toBeInTheDocument();
  });

  it('names the failing upstream', async () => {
    renderCard(
      <TracesCard />,
      statusFixture({ traces: errorSource('jaeger') }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'jaeger is failing',
    );
  });

  it('passes on the not-configured hint', async () => {
    renderCard(
      <TracesCard />,
      statusFixture({
        traces: notConfiguredSource('Configure eksPlatform.traces.'),
      }),
    );
    expect(
      await screen.findByTestId('source-not-configured'),
    ).toHaveTextContent('Configure eksPlatform.traces.');
  });

  it('names the annotation to add when the entity has none', async () => {
    renderCard(<TracesCard />, statusFixture(), bareEntity);
    expect(
      await screen.findByText('jaegertracing.io/service-name'),
    ).toBeInTheDocument();
  });
});
