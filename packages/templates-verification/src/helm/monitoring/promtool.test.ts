import { checkExpressions, checkRules, testRules } from './promtool';

describe('promtool', () => {
  const groups = [
    {
      name: 'g',
      rules: [
        {
          alert: 'Hot',
          expr: 'temperature > 30',
          for: '2m',
          labels: { severity: 'warning' },
        },
      ],
    },
  ];

  it('checks rule files, and says what is wrong with a bad one', () => {
    expect(checkRules(groups)).toEqual({
      ok: true,
      output: expect.stringContaining('SUCCESS'),
    });
    const bad = checkRules([
      { name: 'g', rules: [{ alert: 'Hot', expr: 'sum(rate(x[5m])' }] },
    ]);
    expect(bad.ok).toBe(false);
    expect(bad.output).toMatch(/parse error|unclosed/);
  });

  it('parses expressions', () => {
    expect(
      checkExpressions([
        'up == 1',
        'histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))',
      ]).ok,
    ).toBe(true);
    expect(checkExpressions(['rate(x[$__rate_interval])']).ok).toBe(false);
  });

  it('runs unit tests that pass when the alert fires as expected and fail otherwise', () => {
    const series = [
      { series: 'temperature{room="a"}', values: '25 25 35 35 35 35 35' },
    ];
    const fires = testRules(groups, [
      {
        interval: '1m',
        input_series: series,
        alert_rule_test: [
          { eval_time: '1m', alertname: 'Hot', exp_alerts: [] },
          {
            eval_time: '5m',
            alertname: 'Hot',
            exp_alerts: [{ exp_labels: { severity: 'warning', room: 'a' } }],
          },
        ],
      },
    ]);
    expect(fires).toEqual({
      ok: true,
      output: expect.stringContaining('SUCCESS'),
    });
    const wrong = testRules(groups, [
      {
        interval: '1m',
        input_series: series,
        alert_rule_test: [
          { eval_time: '5m', alertname: 'Hot', exp_alerts: [] },
        ],
      },
    ]);
    expect(wrong.ok).toBe(false);
    expect(wrong.output).toContain('FAILED');
  });
});
