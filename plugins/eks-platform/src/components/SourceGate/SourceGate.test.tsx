import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { SourceResult } from '@internal/backstage-plugin-eks-platform-common';
import {
  errorSource,
  FIXTURE_NOW,
  notConfiguredSource,
  staleSource,
} from '../../__testUtils__/fixtures';
import { SourceGate } from './SourceGate';

function renderGate(source?: SourceResult<string>, requestError?: Error) {
  return renderInTestApp(
    <SourceGate
      source={source}
      requestError={requestError}
      label="Traces"
      setupHint="Add jaegertracing.io/service-name."
    >
      {data => <p>data: {data}</p>}
    </SourceGate>,
  );
}

describe('SourceGate', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW));
  afterEach(() => jest.restoreAllMocks());

  it('shows a labelled skeleton while loading', async () => {
    await renderGate(undefined);
    expect(
      screen.getByRole('progressbar', { name: 'Loading Traces' }),
    ).toBeInTheDocument();
  });

  it('names the backend when the whole request failed', async () => {
    await renderGate(undefined, new Error('Request failed with 503'));
    expect(screen.getByRole('alert')).toHaveTextContent(
      'The EKS platform backend is failing: Request failed with 503.',
    );
  });

  it('renders fresh data', async () => {
    await renderGate({ state: 'ok', data: 'fresh' });
    expect(screen.getByText('data: fresh')).toBeInTheDocument();
  });

  it('renders stale data under a notice', async () => {
    await renderGate(staleSource('old', 'jaeger'));
    expect(screen.getByRole('status')).toHaveTextContent('jaeger is failing');
    expect(screen.getByText('data: old')).toBeInTheDocument();
  });

  it('renders only the error when there is no data', async () => {
    await renderGate(errorSource('jaeger'));
    expect(screen.getByRole('alert')).toHaveTextContent(
      'jaeger is failing since 11:56 UTC',
    );
    expect(screen.queryByText(/data:/)).not.toBeInTheDocument();
  });

  it('passes on the backend hint or the default setup hint', async () => {
    await renderGate(
      notConfiguredSource('Configure eksPlatform.traces in app-config.yaml.'),
    );
    expect(screen.getByTestId('source-not-configured')).toHaveTextContent(
      'Configure eksPlatform.traces in app-config.yaml.',
    );
  });

  it('falls back to the default setup hint', async () => {
    await renderGate({ state: 'not-configured' });
    expect(screen.getByTestId('source-not-configured')).toHaveTextContent(
      'Add jaegertracing.io/service-name.',
    );
  });
});
