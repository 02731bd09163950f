import { createElement } from 'react';
import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { EntityPageHeading } from './EntityPageHeading';

/**
 * The entity page without the plugin header ("Catalog"), and with the
 * entity's name as its h1 (WCAG 2.4.6 and 1.3.1, issue 18): the entity
 * header's title is then the first visible heading, and the page's h1 names
 * the entity (see EntityPageHeading for why it is a separate element).
 * Everything else of `page:catalog/entity` (route, inputs, config) stays as
 * the catalog plugin makes it.
 */
export const entityPageWithoutPluginHeader = catalogPlugin
  .getExtension('page:catalog/entity')
  .override({
    *factory(originalFactory) {
      const page = originalFactory({ params: { noHeader: true } });
      for (const value of page) {
        if (value.id === coreExtensionData.reactElement.id) {
          yield coreExtensionData.reactElement(
            createElement(EntityPageHeading, {
              children: page.get(coreExtensionData.reactElement),
            }),
          );
        } else {
          yield value;
        }
      }
    },
  });

export const entityPageModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [entityPageWithoutPluginHeader],
});
