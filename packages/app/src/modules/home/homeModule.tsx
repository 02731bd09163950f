import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageLayoutBlueprint } from '@backstage/plugin-home-react/alpha';

/**
 * The home page (`page:home`, mounted at `/` in app-config.yaml) renders
 * this layout instead of the stock widget grid: the stock widgets (jokes,
 * world clocks, external links) fetch from the internet or say nothing
 * about this platform.
 */
const eksHomeLayout = HomePageLayoutBlueprint.make({
  name: 'eks-platform',
  params: {
    loader: async () => {
      const { EksHomePage } = await import('./components/EksHomePage');
      return () => <EksHomePage />;
    },
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [eksHomeLayout],
});
