import { useEffect, useState } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { TemplateUpgradeStatus } from '@internal/backstage-plugin-eks-platform-common';
import { eksPlatformApiRef } from '../../api';

type State =
  | { kind: 'loading' }
  | { kind: 'loaded'; status: TemplateUpgradeStatus | undefined }
  | { kind: 'failed'; message: string };

/**
 * "Template vX → vY available" on a service generated from an older
 * template version; nothing at all when it is up to date or records no
 * template (a banner for every service would teach people to ignore it).
 */
export function TemplateUpgradeBanner() {
  const { entity } = useEntity();
  const api = useApi(eksPlatformApiRef);
  const entityRef = stringifyEntityRef(entity);
  const [state, setState] = useState<State>({ kind: 'loading' });

  useEffect(() => {
    let current = true;
    setState({ kind: 'loading' });
    api.getTemplateUpgrade(entityRef).then(
      status => current && setState({ kind: 'loaded', status }),
      (error: Error) =>
        current && setState({ kind: 'failed', message: error.message }),
    );
    return () => {
      current = false;
    };
  }, [api, entityRef]);

  if (state.kind === 'loading') return null;
  if (state.kind === 'failed') {
    return (
      <Alert severity="warning" data-testid="template-upgrade-error">
        Could not check the template version: {state.message}
      </Alert>
    );
  }
  const { status } = state;
  if (!status || !status.behind) return null;
  return (
    <Alert severity="info" data-testid="template-upgrade-banner">
      <Typography variant="body2" component="span">
        Template v{status.currentVersion} → v{status.latestVersion} available (
        {status.templateRef}).
      </Typography>
      {status.pullRequest && (
        <Typography variant="body2">
          Upgrade pull request:{' '}
          <a href={status.pullRequest.url}>#{status.pullRequest.number}</a>
        </Typography>
      )}
    </Alert>
  );
}
