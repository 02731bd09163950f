/*
 * Where the home page sends people. Paths of the standard Backstage pages
 * and of the eks-platform plugin's fleet page (plugins/eks-platform:
 * extensions/fleetPage.tsx), as app-config.yaml mounts them.
 */

/** The golden-path template's form (templates/eks-service/template.yaml). */
export const GOLDEN_PATH_URL = '/create/templates/default/eks-service';
export const CREATE_URL = '/create';
export const FLEET_URL = '/eks-platform/fleet';
export const CATALOG_URL = '/catalog';
export const DOCS_URL = '/docs';
export const SEARCH_URL = '/search';
