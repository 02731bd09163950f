import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { renderScorecardCard } from '../../__testUtils__/renderCard';
import { pendingStatusFixture } from '../../__testUtils__/fixtures';
import {
  environmentScorecard,
  pass,
  RULES,
  scorecardFixture,
  unknown,
} from '../../__testUtils__/scorecardFixtures';
import { ReadinessCard } from './ReadinessCard';

const rules = { items: RULES };

async function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'NotFoundError', message },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: 'Not Found',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

describe('ReadinessCard', () => {
  it('shows a score per environment in dev → stage → prod order with the lowest as the overall score', async () => {
    renderScorecardCard(<ReadinessCard />, {
      scorecard: scorecardFixture(),
      rules,
    });
    const list = await screen.findByRole('list', {
      name: 'Score per environment',
    });
    const lines = within(list).getAllByRole('listitem');
    expect(lines.map(l => l.getAttribute('data-environment'))).toEqual([
      'dev',
      'stage',
      'prod',
    ]);
    expect(lines[2]).toHaveTextContent('40 / 100');
    expect(lines[2]).toHaveTextContent('2 failing, 1 unknown, 1 passing');
    expect(screen.getByText('Lowest environment score:')).toBeInTheDocument();
    // The 30-day trend of prod: 70 → 40; dev is flat at 100.
    expect(
      screen.getByRole('img', { name: /prod score over the last 30 days/ }),
    ).toHaveAccessibleName(
      'prod score over the last 30 days: from 70 to 40, peak 70',
    );
  });

  it('lists failing rules first, worst severity first, with reasons per environment, why and the chart value to fix', async () => {
    renderScorecardCard(<ReadinessCard />, {
      scorecard: scorecardFixture(),
      rules,
    });
    const failing = await screen.findByRole('list', { name: 'Failing rules' });
    const items = within(failing).getAllByRole('listitem', {
      name: /fails in/,
    });
    expect(items.map(i => i.getAttribute('data-rule'))).toEqual([
      'replicas-spread-zones',
      'network-policy',
    ]);
    const spread = items[0];
    expect(spread).toHaveAccessibleName(
      'Three replicas over three zones Critical · fails in prod',
    );
    expect(spread).toHaveTextContent(
      'prod: 2 ready pods, all in eu-west-1a; the standard needs 3 in 3 zones',
    );
    expect(spread).toHaveTextContent(
      'Why it matters: A zone outage must not take the service down.',
    );
    expect(within(spread).getByText('autoscaling.minReplicas').tagName).toBe(
      'CODE',
    );
    // One item for a rule failing in two environments, stage before prod,
    // the same reason said once for both.
    expect(items[1]).toHaveTextContent('High · fails in stage, prod');
    expect(items[1]).toHaveTextContent(
      'stage, prod: No NetworkPolicy selects app=checkout',
    );
    expect(
      screen.getByRole('heading', { name: 'Failing rules (2)' }),
    ).toBeInTheDocument();
  });

  it('says why a rule could not be judged and keeps passing rules collapsed', async () => {
    renderScorecardCard(<ReadinessCard />, {
      scorecard: scorecardFixture(),
      rules,
    });
    const unknownList = await screen.findByRole('list', {
      name: 'Rules that could not be judged',
    });
    expect(unknownList).toHaveTextContent(
      'prod: Jaeger is failing: connect ECONNREFUSED',
    );
    // Traces pass in dev and stage, but an unknown anywhere is not a pass.
    const details = screen.getByText('Passing rules (1)').closest('details');
    expect(details).not.toHaveAttribute('open');
    expect(details).toHaveTextContent('Readiness and liveness probes');
  });

  it('shows rule ids while the rules cannot be read, instead of failing the card', async () => {
    renderScorecardCard(<ReadinessCard />, {
      scorecard: scorecardFixture(),
      rules: new Error('rules unavailable'),
    });
    const failing = await screen.findByRole('list', { name: 'Failing rules' });
    expect(failing).toHaveTextContent('replicas-spread-zones');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows a skeleton while loading', async () => {
    renderScorecardCard(<ReadinessCard />, { scorecard: 'pending' });
    expect(
      await screen.findByLabelText('Loading the readiness score'),
    ).toHaveAttribute('aria-busy', 'true');
  });

  it('says plainly when the scorecard fails and retries on demand', async () => {
    const { api } = renderScorecardCard(<ReadinessCard />, {
      scorecard: new Error('connect ECONNREFUSED'),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The readiness score could not be loaded: connect ECONNREFUSED',
    );
    expect(api.getScorecard).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(api.getScorecard).toHaveBeenCalledTimes(2));
  });

  it('says the scorecard is not configured when the backend has no scorecard route', async () => {
    renderScorecardCard(<ReadinessCard />, {
      scorecard: await responseError(404, 'No route'),
    });
    expect(
      await screen.findByTestId('scorecard-not-configured'),
    ).toHaveTextContent('The readiness score is not configured');
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('says a pending service is not deployed yet instead of showing an empty score', async () => {
    renderScorecardCard(<ReadinessCard />, {
      scorecard: scorecardFixture({
        score: undefined,
        environments: [],
        history: [],
      }),
      status: pendingStatusFixture(),
    });
    expect(await screen.findByTestId('pending-deployment')).toHaveTextContent(
      'The readiness score will appear here once the service is deployed.',
    );
  });

  it('says there is no score yet when no rule could be judged, with the reasons', async () => {
    renderScorecardCard(<ReadinessCard />, {
      scorecard: scorecardFixture({
        score: undefined,
        environments: [
          environmentScorecard('prod', undefined, [
            unknown('traces-flow', 'Jaeger is not configured'),
          ]),
        ],
        history: [],
      }),
      rules,
    });
    expect(await screen.findByTestId('scorecard-no-data')).toHaveTextContent(
      'No score yet',
    );
    expect(
      screen.getByRole('list', { name: 'Rules that could not be judged' }),
    ).toHaveTextContent('prod: Jaeger is not configured');
    expect(screen.getAllByText('No score')).toHaveLength(2);
  });

  it('says so when the service runs in no environment', async () => {
    renderScorecardCard(<ReadinessCard />, {
      scorecard: scorecardFixture({ score: undefined, environments: [] }),
    });
    expect(await screen.findByTestId('scorecard-no-data')).toHaveTextContent(
      'runs in no environment',
    );
  });

  it('shares one scorecard request between the cards of a page', async () => {
    const { api } = renderScorecardCard(
      <>
        <ReadinessCard />
        <ReadinessCard />
      </>,
      {
        scorecard: scorecardFixture({
          environments: [environmentScorecard('dev', 100, [pass('probes')])],
        }),
      },
    );
    expect(
      await screen.findAllByRole('list', { name: 'Score per environment' }),
    ).toHaveLength(2);
    expect(api.getScorecard).toHaveBeenCalledTimes(1);
    expect(api.listScorecardRules).toHaveBeenCalledTimes(1);
  });
});
