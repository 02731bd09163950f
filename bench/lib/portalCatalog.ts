import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import type { FleetService } from '@internal/eks-platform-sandbox';

/** Users generated per synthetic team, so the catalog has an organisation of a realistic size. */
const USERS_PER_TEAM = 10;

/**
 * Writes a catalog location file for the sandbox fleet's synthetic services
 * (svc-0001 …, the demo services come from the portal's own demo location)
 * with their owning groups and members, annotated as the golden path
 * annotates a service. Registered as a catalog location allowed to bring
 * Users and Groups, like the portal's demo organisation.
 */
export function writePortalCatalog(
  dir: string,
  services: FleetService[],
): string {
  const synthetic = services.filter(s => s.source === 'synthetic');
  const teams = Array.from(new Set(synthetic.map(s => s.team))).sort();
  const docs: object[] = [];
  for (const team of teams) {
    const members = Array.from(
      { length: USERS_PER_TEAM },
      (_, i) => `${team}-user-${i + 1}`,
    );
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: team },
      spec: { type: 'team', children: [], members },
    });
    for (const member of members) {
      docs.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: member },
        spec: { memberOf: [team] },
      });
    }
  }
  for (const service of synthetic) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: service.name,
        annotations: {
          'backstage.io/kubernetes-id': service.name,
          'backstage.io/kubernetes-namespace': service.namespace,
          'jaegertracing.io/service-name': service.name,
          'argocd/app-name': service.name,
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: service.owner,
      },
    });
  }
  const file = path.join(dir, 'portal-path-fleet.yaml');
  fs.writeFileSync(file, docs.map(d => yaml.stringify(d)).join('---\n'));
  return file;
}
