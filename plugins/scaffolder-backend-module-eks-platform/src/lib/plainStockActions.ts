import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  createCatalogRegisterAction,
  createFetchTemplateAction,
} from '@backstage/plugin-scaffolder-backend';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { withPlainErrors } from './plainErrors';

/*
 * Why these exist: when any step fails, scaffolder-backend 4.2 writes
 * `String(err.stack)` into the task log (NunjucksWorkflowRunner.cjs.js:743,
 * `markFailed`, called from the step's catch at :510 after `redactError`,
 * which redacts secrets only and keeps the stack: logger.cjs.js:141-150).
 * For the stock actions that is a stack of server files and, for
 * fetch:template, the absolute path of the workspace. There is no config,
 * log-redaction hook or NODE_ENV switch for it; the task broker extension
 * point replaces the whole broker, whose default implementation
 * (DatabaseTaskStore, StorageTaskBroker) the package does not export; and a
 * module cannot wrap a built-in action under its own id (the registry
 * throws ConflictError on a second `fetch:template`:
 * TemplateActionRegistry.cjs.js:13). The supported way left is the one our
 * own actions use: the same stock action, built with its exported factory,
 * wrapped by withPlainErrors, under an `eks:` id that templates use in
 * place of the stock id. The module's README ("Stock actions") has the
 * details.
 */

/** The stock action under `id`, its failures one plain paragraph without frames or server paths. */
export function plainStockAction<T extends TemplateAction<any, any, any>>(
  id: string,
  action: T,
): T {
  return {
    ...withPlainErrors(action),
    id,
    description: `${action.description} (The stock ${action.id}, whose failures read as one plain paragraph in the task log: no stack frames or server paths.)`,
  };
}

export const PLAIN_FETCH_TEMPLATE_ACTION_ID = 'eks:fetch:template';
export const PLAIN_CATALOG_REGISTER_ACTION_ID = 'eks:catalog:register';

/** eks:fetch:template and eks:catalog:register: fetch:template and catalog:register with plain failures. */
export function createPlainStockActions(options: {
  config: Config;
  reader: UrlReaderService;
  catalog: CatalogService;
}) {
  const { config, reader, catalog } = options;
  const integrations = ScmIntegrations.fromConfig(config);
  // As the scaffolder builds its own fetch:template.
  const requireScmUserCredentials = config.getOptionalBoolean(
    'scaffolder.requireScmUserCredentials',
  );
  return [
    plainStockAction(
      PLAIN_FETCH_TEMPLATE_ACTION_ID,
      createFetchTemplateAction({
        reader,
        integrations,
        requireScmUserCredentials,
      }),
    ),
    plainStockAction(
      PLAIN_CATALOG_REGISTER_ACTION_ID,
      createCatalogRegisterAction({ catalog, integrations }),
    ),
  ];
}
