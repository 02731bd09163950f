import { SANDBOX_PORTAL_URL, sandboxRunbookUrl } from './runbooks';
import { CatalogServiceRef, loadCatalogServices } from './catalog';
import { deriveRoutes, deriveServiceParams } from './params';
import { hashString } from './random';
import {
  alertTeamOf,
  applyBreaksToParams,
  assignReadinessBreaks,
} from './readinessBreaks';
import {
  FaultKind,
  Fleet,
  FleetService,
  ReadinessBreak,
  ServiceFaults,
} from './types';

export interface FleetOptions {
  /** Folder of Backstage entity YAML files (the demo catalog). */
  catalogDir?: string;
  /** Number of synthetic services (`svc-0001` …) added for benchmarks. */
  extraServices?: number;
  /**
   * Which services carry each fault. Default: picked deterministically among
   * the catalog services (or the synthetic ones when there is no catalog).
   */
  faults?: Partial<Record<FaultKind, string[]>>;
  /**
   * The portal that runbook links point at (default `http://localhost:3000`,
   * the portal `npm start` serves); see `runbooks.ts`.
   */
  portalUrl?: string;
  /**
   * Which services leave out which part of the golden path (break → service
   * names). Default: one demo service per break (readinessBreaks.ts).
   */
  readinessBreaks?: Partial<Record<ReadinessBreak, string[]>>;
}

const FAULT_KINDS: FaultKind[] = [
  'highErrorRate',
  'highLatency',
  'lowAvailability',
  'hpaPinned',
];
const SYNTHETIC_TEAMS = [
  'payments',
  'catalog',
  'checkout',
  'identity',
  'search',
  'platform',
];

export function syntheticServiceRefs(count: number): CatalogServiceRef[] {
  if (!Number.isInteger(count) || count < 0 || count > 10000) {
    throw new Error(
      `Sandbox fleet: extraServices must be an integer between 0 and 10000, got ${count}`,
    );
  }
  const refs: CatalogServiceRef[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `svc-${String(i).padStart(4, '0')}`;
    const team = SYNTHETIC_TEAMS[hashString(name) % SYNTHETIC_TEAMS.length];
    refs.push({
      name,
      namespace: `team-${team}`,
      owner: `group:default/${team}`,
      system: `${team}-system`,
      dependsOn: [],
    });
  }
  return refs;
}

/** Builds the fleet: catalog services first, then synthetic ones, each with derived behaviour. */
export function buildFleet(options: FleetOptions = {}): Fleet {
  const catalogRefs = options.catalogDir
    ? loadCatalogServices(options.catalogDir)
    : [];
  const catalogNames = new Set(catalogRefs.map(ref => ref.name));
  const syntheticRefs = syntheticServiceRefs(options.extraServices ?? 0).filter(
    ref => !catalogNames.has(ref.name),
  );
  const refs = [...catalogRefs, ...syntheticRefs];
  const faultsByName = assignFaults(
    catalogRefs.length > 0 ? catalogRefs : syntheticRefs,
    refs,
    options.faults,
  );

  const breaksByName = assignReadinessBreaks(
    new Set(refs.map(ref => ref.name)),
    options.readinessBreaks,
  );
  const services: FleetService[] = refs.map(ref => {
    const faults = faultsByName.get(ref.name) ?? noFaults();
    const params = deriveServiceParams(ref.name);
    if (faults.highErrorRate) params.errorRatio = 0.2;
    if (faults.highLatency) params.latencyMs = 650;
    // Even the trough of the load curve (a quarter of baseRps) needs twice
    // hpaMaxReplicas at the CPU target: the autoscaler stays at its maximum.
    if (faults.hpaPinned) {
      params.rpsPerReplicaAtFullCpu =
        params.baseRps / (params.hpaMaxReplicas * 8);
    }
    const team = ref.owner.replace(/^[^:]+:/, '').replace(/^[^/]+\//, '');
    return {
      name: ref.name,
      namespace: ref.namespace,
      owner: ref.owner,
      team,
      alertTeam: team,
      breaks: breaksByName.get(ref.name) ?? [],
      system: ref.system,
      source: catalogNames.has(ref.name) ? 'catalog' : 'synthetic',
      routes: deriveRoutes(ref.name),
      dependencies: [],
      params,
      faults,
      runbookUrl: sandboxRunbookUrl(
        options.portalUrl ?? SANDBOX_PORTAL_URL,
        ref.docsEntity,
      ),
    };
  });
  linkDependencies(services, refs);
  const teams = Array.from(new Set(services.map(s => s.team)));
  for (const service of services) {
    applyBreaksToParams(service);
    service.alertTeam = alertTeamOf(service, teams);
  }
  return { services, byName: new Map(services.map(s => [s.name, s])) };
}

function noFaults(): ServiceFaults {
  return {
    highErrorRate: false,
    highLatency: false,
    lowAvailability: false,
    hpaPinned: false,
  };
}

function assignFaults(
  candidates: CatalogServiceRef[],
  all: CatalogServiceRef[],
  explicit: FleetOptions['faults'],
): Map<string, ServiceFaults> {
  const result = new Map<string, ServiceFaults>();
  const known = new Set(all.map(ref => ref.name));
  const mark = (name: string, kind: FaultKind) => {
    const faults = result.get(name) ?? noFaults();
    faults[kind] = true;
    result.set(name, faults);
  };
  // Stable choice: order the candidates by the hash of their names, so adding
  // an unrelated service elsewhere does not move the faults around.
  const ordered = [...candidates].sort(
    (a, b) =>
      hashString(a.name) - hashString(b.name) || a.name.localeCompare(b.name),
  );
  FAULT_KINDS.forEach((kind, index) => {
    const names = explicit?.[kind];
    if (names) {
      for (const name of names) {
        if (!known.has(name)) {
          throw new Error(
            `Sandbox fleet: faults.${kind} names unknown service '${name}'; known services come from the catalog or are named svc-0001…`,
          );
        }
        mark(name, kind);
      }
    } else if (ordered.length > index) {
      mark(ordered[index].name, kind);
    }
  });
  return result;
}

/**
 * Catalog `dependsOn` links become trace children. Services without declared
 * dependencies call the next service of the same system, so traces still show
 * more than one service.
 */
function linkDependencies(
  services: FleetService[],
  refs: CatalogServiceRef[],
): void {
  const names = new Set(services.map(s => s.name));
  const bySystem = new Map<string, FleetService[]>();
  for (const service of services) {
    const key = service.system ?? '';
    bySystem.set(key, [...(bySystem.get(key) ?? []), service]);
  }
  services.forEach((service, index) => {
    const declared = refs[index].dependsOn.filter(
      dep => names.has(dep) && dep !== service.name,
    );
    if (declared.length > 0) {
      service.dependencies = declared;
      return;
    }
    const peers = bySystem.get(service.system ?? '') ?? [];
    const position = peers.indexOf(service);
    const next = peers[position + 1];
    if (next) service.dependencies = [next.name];
  });
}
