import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';

/**
 * Writes catalog entities for the sandbox's synthetic services
 * (svc-0001 … svc-N), annotated like the demo services, so the fleet page
 * and the status backend see a fleet of a realistic size.
 */
export function writeSyntheticCatalog(dir: string, names: string[]): string {
  const teams = [
    'team-storefront',
    'team-commerce',
    'team-fulfilment',
    'team-identity',
    'team-platform',
  ];
  const docs = names.map((name, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: {
        'backstage.io/kubernetes-id': name,
        'backstage.io/kubernetes-namespace': `team-${name}`,
        'jaegertracing.io/service-name': name,
        'argocd/app-selector': `app.kubernetes.io/name=${name}`,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: teams[i % teams.length],
      system: 'commerce',
    },
  }));
  const file = path.join(dir, 'synthetic-fleet.yaml');
  fs.writeFileSync(file, docs.map(d => yaml.stringify(d)).join('---\n'));
  return file;
}
