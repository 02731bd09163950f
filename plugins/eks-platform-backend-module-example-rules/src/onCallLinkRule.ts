import { ScorecardRule } from '@internal/backstage-plugin-eks-platform-node';

/** A link is the on-call rota's when its type says so (or, failing that, its title). */
function isOnCallLink(link: { type?: string; title?: string }) {
  return link.type === 'on-call' || /\bon[- ]?call\b/i.test(link.title ?? '');
}

/**
 * Example rule: a production service links to its on-call rota, so whoever
 * sees it failing knows whom to page. It reads only the catalog entity, so
 * it is never `unknown`.
 */
export const onCallLinkRule: ScorecardRule = {
  id: 'on-call-link',
  title: 'Links to its on-call rota',
  why: 'Whoever sees the service failing must know whom to page, without searching.',
  fix: 'Add a link of type on-call to metadata.links in catalog-info.yaml, e.g. { url: https://oncall.example.com/teams/payments, title: On-call rota, type: on-call }.',
  severity: 'medium',
  appliesTo: { lifecycles: ['production'] },
  source: 'example-rules',
  evaluate: ({ entity }) =>
    (entity.metadata.links ?? []).some(isOnCallLink)
      ? { outcome: 'pass', reasons: [] }
      : {
          outcome: 'fail',
          reasons: ['no link of type on-call in metadata.links'],
        },
};
