import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { FIXTURE_NOW, isoMinutesAgo } from '../../__testUtils__/fixtures';
import { SourceNotice } from './SourceNotice';

describe('SourceNotice', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW));
  afterEach(() => jest.restoreAllMocks());

  it('names the failing upstream and since when', async () => {
    await renderInTestApp(
      <SourceNotice
        kind="error"
        fallbackUpstream="Kubernetes"
        error={{
          upstream: 'kubernetes/prod',
          message: 'connect ECONNREFUSED',
          since: isoMinutesAgo(6),
        }}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'kubernetes/prod is failing since 11:54 UTC (6 min ago): connect ECONNREFUSED.',
    );
  });

  it('says how old stale data is', async () => {
    await renderInTestApp(
      <SourceNotice
        kind="stale"
        fallbackUpstream="Alerts"
        fetchedAt={isoMinutesAgo(3)}
        error={{ upstream: 'alertmanager/main', message: 'timeout' }}
      />,
    );
    expect(screen.getByRole('status')).toHaveTextContent(
      'Showing data from 11:57 UTC (3 min ago): alertmanager/main is failing: timeout.',
    );
  });
});
