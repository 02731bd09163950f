import { realisticStatus } from '../__testUtils__/statusFixtures';
import {
  SUMMARY_MAX_REASONS,
  SUMMARY_TOP_ALERTS,
  toSummaryView,
} from './summaryView';

const bytes = (value: unknown) =>
  Buffer.byteLength(JSON.stringify(value), 'utf8');
const EIGHT_KB = 8 * 1024;

describe('toSummaryView', () => {
  it('fits a 5-replica service in 3 clusters into 8 KB, from a full answer several times that', () => {
    const full = realisticStatus({ replicas: 5 });
    expect(bytes(full)).toBeGreaterThan(3 * EIGHT_KB);
    expect(bytes(toSummaryView(full))).toBeLessThanOrEqual(EIGHT_KB);
  });

  it('stays within 8 KB in the worst shape: every pod crashing and 40 alerts firing', () => {
    const full = realisticStatus({ replicas: 5, crashing: true, alerts: 40 });
    expect(full.health.reasons.length).toBeGreaterThan(SUMMARY_MAX_REASONS);
    const summary = toSummaryView(full);
    expect(bytes(summary)).toBeLessThanOrEqual(EIGHT_KB);
    expect(summary.health.level).toBe(full.health.level);
    expect(summary.health.reasons).toEqual([
      ...full.health.reasons.slice(0, SUMMARY_MAX_REASONS),
      `… and ${full.health.reasons.length - SUMMARY_MAX_REASONS} more`,
    ]);
  });

  it('keeps what the overview shows: verdict, HPA and PDB numbers, spread, firing counts, trace figures, Argo CD per environment', () => {
    const full = realisticStatus({ alerts: 6 });
    const summary = toSummaryView(full);
    expect(summary.entityRef).toBe(full.entityRef);
    expect(summary.health).toEqual(full.health);
    const [cluster] = summary.sources.kubernetes.data!.clusters;
    const [fullCluster] = full.sources.kubernetes.data!.clusters;
    expect(cluster.pods).toEqual([]);
    expect(fullCluster.deployments[0].podTemplate).toBeDefined();
    expect(cluster.deployments[0].podTemplate).toBeUndefined();
    expect(fullCluster.networkPolicies).toBeDefined();
    expect(cluster.networkPolicies).toBeUndefined();
    expect(full.sources.alerts.data!.rules).toBeDefined();
    expect(summary.sources.alerts.data!.rules).toBeUndefined();
    expect(summary.sources.alerts.data!.routing).toBeUndefined();
    expect(cluster.hpas[0]).toEqual({ ...fullCluster.hpas[0], conditions: [] });
    expect(cluster.pdbs).toEqual(fullCluster.pdbs);
    expect(cluster.placement).toEqual({
      ...fullCluster.placement,
      podsPerNode: {},
    });
    expect(cluster.deployments[0].replicas).toEqual(
      fullCluster.deployments[0].replicas,
    );
    const alerts = summary.sources.alerts.data!;
    // 6 alerts: 0, 2, 4 critical firing; 1, 5 warning firing; 3 silenced.
    expect(alerts.firing).toEqual({
      total: 5,
      bySeverity: { critical: 3, warning: 2 },
    });
    expect(alerts.alerts).toHaveLength(SUMMARY_TOP_ALERTS);
    expect(alerts.alerts[0]).toMatchObject({
      labels: {},
      description: undefined,
    });
    expect(alerts.omitted).toBe(6 - SUMMARY_TOP_ALERTS);
    const traces = summary.sources.traces.data!;
    expect(traces.current).toEqual(full.sources.traces.data!.current);
    expect(traces).toMatchObject({
      series: [],
      operations: [],
      errorTraces: [],
    });
    expect(
      summary.sources.argocd.data!.applications.map(a => [
        a.name,
        a.syncStatus,
        a.healthStatus,
        a.destination,
      ]),
    ).toEqual([
      [
        'order-service-dev',
        'Synced',
        'Healthy',
        { namespace: 'team-payments' },
      ],
      [
        'order-service-stage',
        'Synced',
        'Healthy',
        { namespace: 'team-payments' },
      ],
      [
        'order-service-prod',
        'Synced',
        'Healthy',
        { namespace: 'team-payments' },
      ],
    ]);
  });

  it('cuts long upstream text and leaves sources without data as they are', () => {
    const full = realisticStatus();
    full.sources.argocd = {
      state: 'error',
      error: { upstream: 'argocd/main', message: 'y'.repeat(5000) },
    };
    full.sources.traces = { state: 'not-configured', hint: 'add it' };
    const summary = toSummaryView(full);
    expect(summary.sources.argocd.error!.message.length).toBeLessThanOrEqual(
      200,
    );
    expect(summary.sources.argocd.data).toBeUndefined();
    expect(summary.sources.traces).toEqual({
      state: 'not-configured',
      hint: 'add it',
    });
  });
});
