import { clusterFixture } from '../__testUtils__/fixtures';
import { budgetPods, readyOf, rolloutWords, spreadSentence } from './wording';

describe('plain wording', () => {
  it('says replicas as "4 of 5 ready", not "5 / 4"', () => {
    expect(readyOf(4, 5)).toBe('4 of 5 ready');
    expect(budgetPods(3, 2)).toBe('3 healthy, 2 needed');
  });

  it('says a spread in a sentence instead of "Holds"', () => {
    const { placement } = clusterFixture('dev');
    expect(spreadSentence({ ...placement, spreadHolds: true })).toBe(
      'Pods are spread across zones and nodes',
    );
    expect(spreadSentence({ ...placement, spreadHolds: false })).toMatch(
      /^Pods are not spread/,
    );
  });

  it('reads a rollout past its progress deadline as stuck, with how far it got', () => {
    const [d] = clusterFixture('dev').deployments;
    const stuck = {
      ...d,
      replicas: { ...d.replicas, desired: 4, ready: 3 },
      rollout: {
        state: 'stalled' as const,
        message: 'ProgressDeadlineExceeded',
      },
    };
    expect(rolloutWords(stuck)).toEqual({
      level: 'critical',
      label: 'Stuck at 3 of 4 ready: ProgressDeadlineExceeded',
    });
    expect(
      rolloutWords({ ...stuck, rollout: { state: 'progressing' } }),
    ).toEqual({ level: 'warning', label: 'Rolling out (3 of 4 ready)' });
    expect(rolloutWords({ ...d, rollout: { state: 'complete' } }).label).toBe(
      'Rolled out',
    );
  });
});
