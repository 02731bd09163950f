import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const KUBERNETES_ID = 'backstage.io/kubernetes-id';
const KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';

/** What the fleet needs from one catalog Component. */
export interface CatalogServiceRef {
  name: string;
  namespace: string;
  owner: string;
  system?: string;
  /** `spec.dependsOn` entries that point at other components. */
  dependsOn: string[];
  /** The entity's name when it has TechDocs (`backstage.io/techdocs-ref`). */
  docsEntity?: string;
}

/**
 * Reads every `*.yaml` / `*.yml` file of a folder of Backstage entity files and
 * returns the Components that carry `backstage.io/kubernetes-id`: those are the
 * services the sandbox runs on its clusters.
 */
export function loadCatalogServices(catalogDir: string): CatalogServiceRef[] {
  if (!fs.existsSync(catalogDir) || !fs.statSync(catalogDir).isDirectory()) {
    throw new Error(
      `Sandbox fleet: catalog folder ${catalogDir} does not exist; pass fleet.catalogDir pointing at a folder of Backstage entity YAML files`,
    );
  }
  const files = fs
    .readdirSync(catalogDir)
    .filter(file => /\.ya?ml$/.test(file))
    .sort();
  const services: CatalogServiceRef[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const fullPath = path.join(catalogDir, file);
    const documents = parseAllDocuments(fs.readFileSync(fullPath, 'utf8'));
    for (const document of documents) {
      if (document.errors.length > 0) {
        throw new Error(
          `Sandbox fleet: ${fullPath} is not valid YAML: ${document.errors[0].message}`,
        );
      }
      const service = toServiceRef(document.toJS());
      if (service && !seen.has(service.name)) {
        seen.add(service.name);
        services.push(service);
      }
    }
  }
  return services;
}

function toServiceRef(entity: any): CatalogServiceRef | undefined {
  if (!entity || typeof entity !== 'object' || entity.kind !== 'Component') {
    return undefined;
  }
  const annotations: Record<string, string> =
    entity.metadata?.annotations ?? {};
  const name = annotations[KUBERNETES_ID];
  if (typeof name !== 'string' || name.length === 0) {
    return undefined;
  }
  const dependsOn: unknown[] = Array.isArray(entity.spec?.dependsOn)
    ? entity.spec.dependsOn
    : [];
  return {
    name,
    namespace: annotations[KUBERNETES_NAMESPACE] || 'default',
    owner: String(entity.spec?.owner ?? 'group:default/platform'),
    system: entity.spec?.system ? String(entity.spec.system) : undefined,
    dependsOn: dependsOn
      .map(String)
      .filter(ref => /^component:/i.test(ref))
      .map(ref => ref.replace(/^component:(?:[^/]+\/)?/i, '')),
    docsEntity:
      annotations['backstage.io/techdocs-ref'] && entity.metadata?.name
        ? String(entity.metadata.name)
        : undefined,
  };
}
