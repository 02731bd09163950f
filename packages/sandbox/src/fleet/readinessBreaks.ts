import { FleetService, ReadinessBreak } from './types';

/*
 * Demo services that break one rule of the production-readiness scorecard
 * each, on purpose, so the scorecard has something to show and its
 * integration test something to find. Every other demo service follows
 * the golden path and passes. The table in docs/fleet.md lists them.
 */

/** Which demo service breaks which part of the golden path (catalog/demo names). */
export const DEFAULT_READINESS_BREAKS: Record<ReadinessBreak, string> = {
  prodTwoReplicas: 'review-service',
  pdbBlocksDrains: 'pricing-service',
  hpaMinOne: 'promotion-service',
  missingProbe: 'notification-service',
  noMemoryLimit: 'email-service',
  rootContainer: 'sms-service',
  noNetworkPolicy: 'auth-service',
  alertsToOtherTeam: 'user-profile-service',
  criticalFindings: 'audit-log',
  publicImage: 'analytics-ingest',
};

/**
 * The scorecard rules (ids of the built-in rule set) each break fails in
 * prod, once the service's pods are up and its image scan was read.
 */
export const READINESS_BREAK_RULES: Record<ReadinessBreak, string[]> = {
  prodTwoReplicas: ['replicas-spread-zones', 'hpa-min-replicas'],
  pdbBlocksDrains: ['pdb-allows-drain'],
  hpaMinOne: ['hpa-min-replicas'],
  missingProbe: ['container-probes'],
  noMemoryLimit: ['container-resources'],
  rootContainer: ['restricted-security-context'],
  noNetworkPolicy: ['network-policy'],
  alertsToOtherTeam: ['alerts-route-to-owner'],
  criticalFindings: ['image-scan-clean'],
  publicImage: ['image-from-organisation-ecr'],
};

export const READINESS_BREAKS = Object.keys(
  DEFAULT_READINESS_BREAKS,
) as ReadinessBreak[];

/**
 * The breaks of each service: `explicit` (break → service names) replaces
 * the defaults; default names missing from the fleet are skipped, so a
 * fleet without the demo catalog simply has no breaks.
 */
export function assignReadinessBreaks(
  names: Set<string>,
  explicit?: Partial<Record<ReadinessBreak, string[]>>,
): Map<string, ReadinessBreak[]> {
  const result = new Map<string, ReadinessBreak[]>();
  for (const kind of READINESS_BREAKS) {
    const chosen = explicit?.[kind] ?? [DEFAULT_READINESS_BREAKS[kind]];
    for (const name of chosen) {
      if (!names.has(name)) {
        if (explicit?.[kind])
          throw new Error(
            `Sandbox fleet: readinessBreaks.${kind} names unknown service '${name}'`,
          );
        continue;
      }
      result.set(name, [...(result.get(name) ?? []), kind]);
    }
  }
  return result;
}

/**
 * Replica counts and load that make the HPA land where the break needs it,
 * at every point of the load curve (desired = demand / (rps per replica at
 * the 70 % CPU target), clamped to min..max).
 */
export function applyBreaksToParams(service: FleetService): void {
  const { params } = service;
  if (service.breaks.includes('prodTwoReplicas')) {
    params.replicas = 2;
    params.hpaMinReplicas = 2;
    params.hpaMaxReplicas = Math.max(params.hpaMaxReplicas, 4);
    // Even the peak needs less than one replica: the HPA stays at 2.
    params.rpsPerReplicaAtFullCpu = params.baseRps * 10;
  }
  if (service.breaks.includes('hpaMinOne')) {
    params.hpaMinReplicas = 1;
    // The trough (about a quarter of baseRps) needs 4 replicas, the peak
    // about 20: the HPA stays within 4..24 and never sits at 1.
    params.rpsPerReplicaAtFullCpu = (params.baseRps * 0.25) / (0.7 * 3.3);
    params.hpaMaxReplicas = 24;
    params.replicas = Math.max(params.replicas, 5);
  }
}

/** The team named in a service's alert rules: another team's when its alerts are misrouted. */
export function alertTeamOf(service: FleetService, teams: string[]): string {
  if (!service.breaks.includes('alertsToOtherTeam')) return service.team;
  return (
    teams.filter(t => t !== service.team).sort()[0] ?? `${service.team}-other`
  );
}
