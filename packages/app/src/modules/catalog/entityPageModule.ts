import { createFrontendModule } from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';

/**
 * The entity page without the plugin header ("Catalog"): the entity
 * header's title, the entity's name, is then the page's first heading
 * (WCAG 2.4.6, issue 18). It is an h2: @backstage/ui's Header has no
 * heading-level prop, so the page has no h1 until it gets one. Params of an override are merged over the
 * blueprint's, so everything else of `page:catalog/entity` stays as is.
 */
export const entityPageWithoutPluginHeader = catalogPlugin
  .getExtension('page:catalog/entity')
  .override({ params: { noHeader: true } });

export const entityPageModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [entityPageWithoutPluginHeader],
});
