import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';
import { themeModule } from './modules/theme';
import { entityPageModule } from './modules/catalog';

/** Everything the app installs besides the packages it discovers. */
export const appFeatures = [
  catalogPlugin,
  navModule,
  homeModule,
  signInModule,
  themeModule,
  entityPageModule,
];

export default createApp({ features: appFeatures });
