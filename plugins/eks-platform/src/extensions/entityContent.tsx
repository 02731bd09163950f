import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { withAnyAnnotation, KUBERNETES_ANNOTATIONS } from '../filters';

/** The "Platform" tab of a service: placement per cluster and zone, rollouts, Argo CD, registrations. */
export const platformEntityContent = EntityContentBlueprint.make({
  name: 'platform',
  params: {
    path: '/platform',
    title: 'Platform',
    group: 'deployment',
    filter: withAnyAnnotation(KUBERNETES_ANNOTATIONS),
    loader: () =>
      import('../components/PlatformContent').then(m => <m.PlatformContent />),
  },
});
