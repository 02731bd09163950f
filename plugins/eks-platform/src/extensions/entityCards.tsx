/*
 * The four overview cards. Each appears only on entities carrying the
 * annotations it needs; the loaders split the components out of the main
 * bundle.
 */
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  ALERT_ANNOTATIONS,
  withAnyAnnotation,
  KUBERNETES_ANNOTATIONS,
  TRACE_ANNOTATIONS,
} from '../filters';

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
