import {
  FIXTURE_NOW,
  hpaFixture,
  isoMinutesAgo,
  pinnedHpaFixture,
} from '../__testUtils__/fixtures';
import { describeHpa, describeMetric, isMetricOverTarget } from './hpa';

describe('describeHpa', () => {
  it('says an idle autoscaler scales normally', () => {
    expect(describeHpa(hpaFixture(), FIXTURE_NOW)).toEqual([
      { severity: 'ok', text: 'Scaling normally within its range' },
    ]);
  });

  it('says for how long an autoscaler is pinned at max', () => {
    expect(describeHpa(pinnedHpaFixture(), FIXTURE_NOW)[0]).toEqual({
      severity: 'warning',
      text: 'Pinned at max replicas (10) for 25 min',
    });
  });

  it('puts metric failures first and names the reason', () => {
    const hpa = hpaFixture({
      desiredReplicas: 5,
      conditions: [
        {
          type: 'ScalingActive',
          status: 'False',
          reason: 'FailedGetResourceMetric',
          lastTransitionTime: isoMinutesAgo(8),
        },
      ],
    });
    expect(describeHpa(hpa, FIXTURE_NOW).map(f => f.text)).toEqual([
      'Not scaling: cannot read its metrics (FailedGetResourceMetric) for 8 min',
      'Scaling up from 4 to 5 replicas',
    ]);
  });

  it('reports an autoscaler held at its minimum', () => {
    const hpa = hpaFixture({
      currentReplicas: 3,
      desiredReplicas: 3,
      conditions: [
        {
          type: 'ScalingLimited',
          status: 'True',
          reason: 'TooFewReplicas',
          lastTransitionTime: isoMinutesAgo(90),
        },
      ],
    });
    expect(describeHpa(hpa, FIXTURE_NOW)[0].text).toBe(
      'Held at min replicas (3) for 1 h 30 min',
    );
  });
});

describe('metrics', () => {
  it('describes utilisation and raw values', () => {
    expect(
      describeMetric({
        name: 'cpu',
        targetType: 'Utilization',
        target: 70,
        current: 55,
      }),
    ).toBe('CPU: 55 % of 70 % target');
    expect(
      describeMetric({
        name: 'queue_depth',
        targetType: 'AverageValue',
        target: '30',
        current: undefined,
      }),
    ).toBe('queue_depth: unknown of 30 target');
  });

  it('flags metrics above target', () => {
    expect(
      isMetricOverTarget({
        name: 'cpu',
        targetType: 'Utilization',
        target: 70,
        current: 96,
      }),
    ).toBe(true);
    expect(
      isMetricOverTarget({
        name: 'cpu',
        targetType: 'Utilization',
        target: 70,
        current: 50,
      }),
    ).toBe(false);
    expect(
      isMetricOverTarget({
        name: 'x',
        targetType: 'Value',
        target: '1Gi',
        current: '2Gi',
      }),
    ).toBe(false);
  });
});
