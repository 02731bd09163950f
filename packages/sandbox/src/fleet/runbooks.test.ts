import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { AlertingRule } from '../prometheus/chartRules';
import { serviceRuleGroups } from '../prometheus/serviceRules';
import { buildFleet } from './fleet';
import { PLATFORM_DOCS_ENTITY, SANDBOX_PORTAL_URL } from './runbooks';

/*
 * The sandbox's alerts link runbooks on the portal's TechDocs
 * (`/docs/default/component/<entity>/runbook/#<alert>`): each must name a
 * docs page the portal really builds (the page is in the site's nav) with a
 * section per alert, whose MkDocs anchor is the alert name in lower case.
 */
const repoRoot = path.resolve(__dirname, '../../../..');
const catalogDir = path.join(repoRoot, 'catalog', 'demo');

/** The docs folder (mkdocs.yml's) of every entity with TechDocs. */
function docsSites(): Map<string, string> {
  const sites = new Map([[PLATFORM_DOCS_ENTITY, repoRoot]]);
  const components = fs.readFileSync(
    path.join(catalogDir, 'components.yaml'),
    'utf8',
  );
  for (const doc of components.split(/^---$/m)) {
    const entity = parse(doc);
    const ref = entity?.metadata?.annotations?.['backstage.io/techdocs-ref'];
    if (typeof ref === 'string' && ref.startsWith('dir:'))
      sites.set(entity.metadata.name, path.join(catalogDir, ref.slice(4)));
  }
  return sites;
}

/** MkDocs' default slug of a heading (toc's slugify) for the names used here. */
const anchorsOf = (markdown: string) =>
  new Set(
    [...markdown.matchAll(/^#{1,6}\s+(.+)$/gm)].map(m =>
      m[1]
        .trim()
        .toLowerCase()
        .replace(/[^\w\s-]/g, '')
        .replace(/\s+/g, '-'),
    ),
  );

describe('sandbox runbook links', () => {
  const fleet = buildFleet({ catalogDir });
  const sites = docsSites();

  it('link each demo service to its own TechDocs runbook when it has docs, else to the shared one', () => {
    const withDocs = fleet.services.filter(
      s =>
        s.runbookUrl !==
        `${SANDBOX_PORTAL_URL}/docs/default/component/${PLATFORM_DOCS_ENTITY}/runbook/`,
    );
    expect(withDocs.map(s => s.name).sort()).toEqual([
      'cart-service',
      'order-service',
      'payment-gateway',
    ]);
    expect(
      buildFleet({
        catalogDir,
        portalUrl: 'https://portal.example.com/',
      }).byName.get('order-service')!.runbookUrl,
    ).toBe(
      'https://portal.example.com/docs/default/component/order-service/runbook/',
    );
  });

  it("land on a built TechDocs page with a section for every one of the service's alerts", () => {
    expect(fleet.services.length).toBeGreaterThan(10);
    for (const service of fleet.services) {
      const alerts = serviceRuleGroups(service)
        .flatMap(g => g.rules)
        .filter((rule): rule is AlertingRule => 'alert' in rule);
      expect(alerts.length).toBeGreaterThanOrEqual(8);
      for (const rule of alerts) {
        const url = new URL(rule.annotations.runbook_url);
        expect(url.origin).toBe(SANDBOX_PORTAL_URL);
        const match = url.pathname.match(
          /^\/docs\/default\/component\/([^/]+)\/([^/]+)\/$/,
        );
        expect(match).not.toBeNull();
        const [, entity, page] = match!;
        const site = sites.get(entity);
        expect({ service: service.name, entity, site: !!site }).toEqual({
          service: service.name,
          entity,
          site: true,
        });
        const mkdocs = parse(
          fs.readFileSync(path.join(site!, 'mkdocs.yml'), 'utf8'),
        );
        const docsDir = path.join(site!, mkdocs.docs_dir ?? 'docs');
        const nav: string[] = (mkdocs.nav ?? []).flatMap(
          (item: Record<string, string>) => Object.values(item),
        );
        expect(nav).toContain(`${page}.md`);
        const anchors = anchorsOf(
          fs.readFileSync(path.join(docsDir, `${page}.md`), 'utf8'),
        );
        expect({
          url: url.href,
          found: anchors.has(url.hash.slice(1)),
        }).toEqual({ url: url.href, found: true });
      }
    }
  });
});
