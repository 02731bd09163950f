/* eslint-disable no-script-url -- hostile javascript: URLs are the input under test */
import { EntityPlatformStatus } from '@internal/backstage-plugin-eks-platform-common';
import { withHttpLinksOnly } from './httpLinksOnly';

const HOSTILE = [
  'javascript:alert(1)',
  ' JavaScript:alert(document.cookie)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'file:///etc/passwd',
  'vbscript:msgbox(1)',
];

function sources(link: string): EntityPlatformStatus['sources'] {
  return {
    kubernetes: { state: 'ok', data: { clusters: [] } },
    alerts: {
      state: 'ok',
      data: {
        instances: [{ name: 'main', state: 'ok' }],
        alerts: [
          {
            fingerprint: 'f',
            name: 'A',
            severity: 'critical',
            state: 'active',
            silenced: false,
            inhibited: false,
            startsAt: '2026-11-22T00:00:00Z',
            labels: {},
            alertmanager: 'main',
            runbookUrl: link,
            url: link,
          },
        ],
      },
    },
    traces: {
      state: 'ok',
      data: {
        service: 's',
        window: '5m',
        current: { requestRate: 1, errorRatio: 0, latencyMs: {} },
        series: [],
        operations: [],
        errorTraces: [
          {
            traceId: 't',
            operation: 'GET /',
            startTime: '2026-11-22T00:00:00Z',
            durationMs: 1,
            url: link,
          },
        ],
        jaegerUrl: link,
      },
    },
    argocd: {
      state: 'ok',
      data: {
        applications: [
          {
            instance: 'main',
            name: 'a',
            project: 'p',
            syncStatus: 'Synced',
            healthStatus: 'Healthy',
            destination: {},
            url: link,
          },
        ],
      },
    },
  };
}

describe('withHttpLinksOnly', () => {
  it.each(HOSTILE)('removes %j from every link field', link => {
    const cleaned = withHttpLinksOnly(sources(link));
    expect(JSON.stringify(cleaned)).not.toContain(link.trim().slice(0, 10));
    expect(cleaned.alerts.data!.alerts[0].runbookUrl).toBeUndefined();
    expect(cleaned.alerts.data!.alerts[0].url).toBeUndefined();
    expect(cleaned.traces.data!.jaegerUrl).toBeUndefined();
    expect(cleaned.traces.data!.errorTraces[0].url).toBe('');
    expect(cleaned.argocd.data!.applications[0].url).toBe('');
  });

  it('keeps http(s) links and everything else as it was', () => {
    const link = 'https://runbooks.example.com/checkout';
    const original = sources(link);
    expect(withHttpLinksOnly(original)).toEqual(original);
  });

  it('leaves sources without data alone', () => {
    const failed: EntityPlatformStatus['sources'] = {
      kubernetes: { state: 'not-configured', hint: 'h' },
      alerts: {
        state: 'error',
        error: { upstream: 'alertmanager/main', message: 'm' },
      },
      traces: { state: 'not-configured', hint: 'h' },
      argocd: { state: 'not-configured', hint: 'h' },
    };
    expect(withHttpLinksOnly(failed)).toEqual(failed);
  });
});
