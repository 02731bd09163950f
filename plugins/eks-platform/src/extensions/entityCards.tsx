/*
 * The overview cards: the operational status (one verdict per source, the
 * first card of the overview), the readiness scorecard, and the four
 * detail cards below them. Each
 * appears only on entities carrying the annotations it needs; the loaders
 * split the components out of the main bundle.
 */
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { ANNOTATION_TEMPLATE_REF } from '@internal/backstage-plugin-eks-platform-common';
import {
  ALERT_ANNOTATIONS,
  withAnyAnnotation,
  KUBERNETES_ANNOTATIONS,
  TRACE_ANNOTATIONS,
} from '../filters';

/** Any source lights up the verdicts; the card says what the others lack. */
const ANY_PLATFORM_ANNOTATION = [
  ...new Set([
    ...KUBERNETES_ANNOTATIONS,
    ...ALERT_ANNOTATIONS,
    ...TRACE_ANNOTATIONS,
  ]),
];

export const operationalStatusEntityCard = EntityCardBlueprint.make({
  name: 'operational-status',
  params: {
    type: 'content',
    filter: withAnyAnnotation(ANY_PLATFORM_ANNOTATION),
    loader: () =>
      import('../components/OperationalStatusCard').then(m => (
        <m.OperationalStatusCard />
      )),
  },
});

/** The production-readiness scorecard, right after the operational status. */
export const readinessEntityCard = EntityCardBlueprint.make({
  name: 'readiness',
  params: {
    type: 'content',
    filter: withAnyAnnotation(ANY_PLATFORM_ANNOTATION),
    loader: () =>
      import('../components/ReadinessCard').then(m => <m.ReadinessCard />),
  },
});

/**
 * "Template vX → vY available", after the readiness card; only on services
 * that record their template (it renders nothing when they are up to date).
 */
export const templateUpgradeEntityCard = EntityCardBlueprint.make({
  name: 'template-upgrade',
  params: {
    type: 'content',
    filter: withAnyAnnotation([ANNOTATION_TEMPLATE_REF]),
    loader: () =>
      import('../components/TemplateUpgradeBanner').then(m => (
        <m.TemplateUpgradeBanner />
      )),
  },
});

export const hpaEntityCard = EntityCardBlueprint.make({
  name: 'hpa',
  params: {
    filter: withAnyAnnotation(KUBERNETES_ANNOTATIONS),
    loader: () => import('../components/HpaCard').then(m => <m.HpaCard />),
  },
});

export const pdbEntityCard = EntityCardBlueprint.make({
  name: 'pdb',
  params: {
    filter: withAnyAnnotation(KUBERNETES_ANNOTATIONS),
    loader: () => import('../components/PdbCard').then(m => <m.PdbCard />),
  },
});

export const alertsEntityCard = EntityCardBlueprint.make({
  name: 'alerts',
  params: {
    filter: withAnyAnnotation(ALERT_ANNOTATIONS),
    loader: () =>
      import('../components/AlertsCard').then(m => <m.AlertsCard />),
  },
});

export const tracesEntityCard = EntityCardBlueprint.make({
  name: 'traces',
  params: {
    filter: withAnyAnnotation(TRACE_ANNOTATIONS),
    loader: () =>
      import('../components/TracesCard').then(m => <m.TracesCard />),
  },
});
