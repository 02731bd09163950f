import { alertFixture, isoMinutesAgo } from '../__testUtils__/fixtures';
import { isCriticalSeverity, splitAlerts } from './alerts';

describe('splitAlerts', () => {
  it('groups firing alerts by severity, worst first, oldest first', () => {
    const alerts = [
      alertFixture({
        fingerprint: 'w',
        name: 'ServiceLatencyBudgetBurnSlow',
        severity: 'warning',
      }),
      alertFixture({ fingerprint: 'c2', startsAt: isoMinutesAgo(2) }),
      alertFixture({ fingerprint: 'c1', startsAt: isoMinutesAgo(30) }),
      alertFixture({ fingerprint: 's', silenced: true, state: 'suppressed' }),
      alertFixture({ fingerprint: 'i', inhibited: true }),
    ];
    const { firing, muted } = splitAlerts(alerts);
    expect(
      firing.map(g => [g.severity, g.alerts.map(a => a.fingerprint)]),
    ).toEqual([
      ['critical', ['c1', 'c2']],
      ['warning', ['w']],
    ]);
    expect(muted.map(a => a.fingerprint)).toEqual(['s', 'i']);
  });

  it('tells critical severities apart', () => {
    expect(isCriticalSeverity('critical')).toBe(true);
    expect(isCriticalSeverity('warning')).toBe(false);
    expect(isCriticalSeverity('page')).toBe(false);
  });
});
