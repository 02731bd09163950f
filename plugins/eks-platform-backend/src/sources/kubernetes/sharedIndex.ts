import { matchesSelector, Requirement } from '../labelSelector';
import { requirementsOf } from './selectWorkloads';
import { KubeObject } from './trim';
import { WatchedCollection } from './WatchedCollection';

interface PdbEntry {
  pdb: KubeObject;
  reqs: Requirement[];
}

/**
 * Lookup indexes over a cluster's HPAs and PDBs, rebuilt lazily when the
 * collection changed: a fleet query asks for a thousand entities against
 * the same version, so it pays for one build instead of a scan per entity.
 */
export class SharedIndex {
  private hpaVersion = -1;
  private pdbVersion = -1;
  private hpasByTarget = new Map<string, KubeObject[]>();
  /** PDBs by `namespace\0key=value` of one of their matchLabels. */
  private pdbsByLabel = new Map<string, PdbEntry[]>();
  /** PDBs without matchLabels: checked against every pod of their namespace. */
  private pdbsToScan = new Map<string, PdbEntry[]>();

  constructor(
    private readonly hpas: WatchedCollection,
    private readonly pdbs: WatchedCollection,
  ) {}

  hpasFor(deployments: KubeObject[]): KubeObject[] {
    if (this.hpaVersion !== this.hpas.version) {
      this.hpaVersion = this.hpas.version;
      this.hpasByTarget = new Map();
      for (const h of this.hpas.list()) {
        const ref = h.spec?.scaleTargetRef;
        if (ref?.kind !== 'Deployment') continue;
        const key = `${h.metadata.namespace}/${ref.name}`;
        const bucket = this.hpasByTarget.get(key) ?? [];
        bucket.push(h);
        this.hpasByTarget.set(key, bucket);
      }
    }
    return deployments.flatMap(
      d =>
        this.hpasByTarget.get(`${d.metadata.namespace}/${d.metadata.name}`) ??
        [],
    );
  }

  pdbsFor(pods: KubeObject[]): KubeObject[] {
    if (this.pdbVersion !== this.pdbs.version) this.rebuildPdbs();
    const found = new Set<KubeObject>();
    for (const pod of pods) {
      const ns = pod.metadata.namespace ?? '';
      const candidates = [...(this.pdbsToScan.get(ns) ?? [])];
      for (const [k, v] of Object.entries(pod.metadata.labels ?? {})) {
        candidates.push(
          ...(this.pdbsByLabel.get(`${ns}\u0000${k}=${v}`) ?? []),
        );
      }
      for (const { pdb, reqs } of candidates) {
        if (!found.has(pdb) && matchesSelector(reqs, pod.metadata.labels))
          found.add(pdb);
      }
    }
    return Array.from(found);
  }

  private rebuildPdbs() {
    this.pdbVersion = this.pdbs.version;
    this.pdbsByLabel = new Map();
    this.pdbsToScan = new Map();
    for (const pdb of this.pdbs.list()) {
      const ns = pdb.metadata.namespace ?? '';
      const entry = { pdb, reqs: requirementsOf(pdb.spec?.selector) ?? [] };
      const [first] = Object.entries(pdb.spec?.selector?.matchLabels ?? {});
      const key = first ? `${ns}\u0000${first[0]}=${first[1]}` : undefined;
      const map = key ? this.pdbsByLabel : this.pdbsToScan;
      const bucketKey = key ?? ns;
      const bucket = map.get(bucketKey) ?? [];
      bucket.push(entry);
      map.set(bucketKey, bucket);
    }
  }
}
