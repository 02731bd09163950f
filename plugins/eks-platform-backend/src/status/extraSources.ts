import { Entity } from '@backstage/catalog-model';
import {
  ExtraSourceStatus,
  HEALTH_SEVERITY,
  HealthSummary,
  SourceResult,
  worstLevel,
} from '@internal/backstage-plugin-eks-platform-common';
import { EksPlatformStatusSource } from '@internal/backstage-plugin-eks-platform-node';
import { withDeadline } from './withDeadline';

export type ExtraSources = Record<string, SourceResult<ExtraSourceStatus>>;

const DEFAULT_DEADLINE_MS = 2000;

/** Every added source's answer for `entity`, each within its own deadline. */
export async function readExtraSources(
  sources: EksPlatformStatusSource[],
  entity: Entity,
  onError: (source: string) => (error: unknown) => void,
): Promise<ExtraSources | undefined> {
  if (sources.length === 0) return undefined;
  const answers = await Promise.all(
    sources.map(source => {
      const deadlineMs = source.deadlineMs ?? DEFAULT_DEADLINE_MS;
      return withDeadline<ExtraSourceStatus>(
        async () => {
          const signal = AbortSignal.timeout(deadlineMs);
          return source.forEntity(entity, { signal });
        },
        deadlineMs,
        source.id,
        onError(source.id),
      );
    }),
  );
  return Object.fromEntries(sources.map((s, i) => [s.id, answers[i]]));
}

/**
 * The overall health with the added sources' findings: they count like the
 * built-in ones (worst level wins, reasons worst first), a failing source
 * makes the picture incomplete (warning), and a service nothing else knows
 * about stays `unknown` unless an added source has data.
 */
export function withExtraHealth(
  health: HealthSummary,
  extra: ExtraSources | undefined,
): HealthSummary {
  if (!extra) return health;
  const findings: Array<{ level: HealthSummary['level']; reason: string }> = [];
  let anyKnown = false;
  for (const [id, result] of Object.entries(extra)) {
    const title = result.data?.title ?? id;
    if (result.state === 'ok' || result.state === 'stale') anyKnown = true;
    if (result.state === 'error')
      findings.push({
        level: 'warning',
        reason: `${title} status unavailable: ${
          result.error?.message ?? 'unknown error'
        }`,
      });
    for (const f of result.data?.findings ?? [])
      if (f.level !== 'healthy')
        findings.push({ level: f.level, reason: `${title}: ${f.text}` });
  }
  if (findings.length === 0 && !(anyKnown && health.level === 'unknown'))
    return health;
  const base =
    health.level === 'unknown' && anyKnown
      ? { ...health, level: 'healthy' as const, reasons: [] }
      : health;
  const level = worstLevel([base.level, ...findings.map(f => f.level)]);
  const reasons = [
    ...findings.map(f => ({ level: f.level, reason: f.reason, added: true })),
    ...base.reasons.map(reason => ({
      level: base.level,
      reason,
      added: false,
    })),
  ]
    .sort((a, b) => HEALTH_SEVERITY[b.level] - HEALTH_SEVERITY[a.level])
    .map(r => r.reason);
  return { ...base, level, reasons };
}
