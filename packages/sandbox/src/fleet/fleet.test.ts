import path from 'node:path';
import { buildFleet, loadCatalogServices, deriveServiceParams } from '.';

const fixtureDir = path.join(__dirname, '__fixtures__', 'catalog');

describe('fleet', () => {
  it('loads Components with a kubernetes-id from every YAML file of the catalog folder', () => {
    const refs = loadCatalogServices(fixtureDir);
    expect(refs.map(r => r.name)).toEqual([
      'inventory',
      'checkout',
      'payments-service',
    ]);
    expect(refs.find(r => r.name === 'checkout')).toMatchObject({
      namespace: 'shop',
      owner: 'group:default/payments',
      system: 'shop',
      dependsOn: ['payments-service'],
    });
    // No namespace annotation: the Kubernetes default namespace.
    expect(refs.find(r => r.name === 'inventory')?.namespace).toBe('default');
  });

  it('says which folder is missing', () => {
    expect(() => loadCatalogServices('/nonexistent/catalog')).toThrow(
      /catalog folder \/nonexistent\/catalog does not exist/,
    );
  });

  it('derives the same parameters for the same name and keeps them in range', () => {
    expect(deriveServiceParams('checkout')).toEqual(
      deriveServiceParams('checkout'),
    );
    for (let i = 0; i < 200; i++) {
      const p = deriveServiceParams(`svc-${i}`);
      expect(p.replicas).toBeGreaterThanOrEqual(3);
      expect(p.replicas).toBeLessThanOrEqual(5);
      expect(p.hpaMinReplicas).toBeGreaterThanOrEqual(2);
      expect(p.hpaMinReplicas).toBeLessThanOrEqual(p.replicas);
      expect(p.hpaMaxReplicas).toBeGreaterThan(p.replicas);
      expect(p.errorRatio).toBeLessThan(0.05);
    }
  });

  it('adds deterministic synthetic services and assigns each fault to one service', () => {
    const fleet = buildFleet({ catalogDir: fixtureDir, extraServices: 1000 });
    expect(fleet.services).toHaveLength(1003);
    expect(fleet.services[3].name).toBe('svc-0001');
    expect(fleet.services[1002].name).toBe('svc-1000');
    expect(fleet.byName.get('svc-0042')?.namespace).toMatch(/^team-/);

    const faulty = (
      kind: 'highErrorRate' | 'highLatency' | 'lowAvailability',
    ) => fleet.services.filter(s => s.faults[kind]).map(s => s.name);
    // Faults land on catalog services, so the demo shows them.
    for (const kind of [
      'highErrorRate',
      'highLatency',
      'lowAvailability',
    ] as const) {
      expect(faulty(kind)).toHaveLength(1);
      expect(['inventory', 'checkout', 'payments-service']).toContain(
        faulty(kind)[0],
      );
    }
    const again = buildFleet({ catalogDir: fixtureDir, extraServices: 1000 });
    expect(again.services.filter(s => s.faults.highErrorRate)[0].name).toBe(
      faulty('highErrorRate')[0],
    );
    const errorService = fleet.byName.get(faulty('highErrorRate')[0])!;
    expect(errorService.params.errorRatio).toBeGreaterThan(0.05);
  });

  it('takes explicit fault assignments and rejects unknown names', () => {
    const fleet = buildFleet({
      catalogDir: fixtureDir,
      faults: {
        highErrorRate: ['inventory'],
        highLatency: [],
        lowAvailability: [],
      },
    });
    expect(
      fleet.services.filter(s => s.faults.highErrorRate).map(s => s.name),
    ).toEqual(['inventory']);
    expect(fleet.services.some(s => s.faults.highLatency)).toBe(false);
    const pinned = buildFleet({
      catalogDir: fixtureDir,
      faults: { hpaPinned: ['checkout'] },
    }).byName.get('checkout')!;
    // A quarter of baseRps (the load trough) still needs 2 × hpaMaxReplicas.
    expect(
      (pinned.params.baseRps * 0.25) / pinned.params.rpsPerReplicaAtFullCpu,
    ).toBe(pinned.params.hpaMaxReplicas * 2);
    expect(() =>
      buildFleet({ catalogDir: fixtureDir, faults: { highLatency: ['nope'] } }),
    ).toThrow(/unknown service 'nope'/);
  });

  it('links declared dependencies and otherwise the next service of the system', () => {
    const fleet = buildFleet({ catalogDir: fixtureDir });
    expect(fleet.byName.get('checkout')?.dependencies).toEqual([
      'payments-service',
    ]);
    expect(fleet.byName.get('inventory')?.dependencies).toEqual(['checkout']);
    expect(fleet.byName.get('payments-service')?.team).toBe('payments');
  });
});
