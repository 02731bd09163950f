import { useCallback, useEffect, useState } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  TemplateUpgradePullRequest,
  TemplateUpgradeStatus,
} from '@internal/backstage-plugin-eks-platform-common';
import { eksPlatformApiRef } from '../../api';
import { upgradeErrorMessage } from './upgradeErrorMessage';
import { PreviewState, UpgradePreviewDialog } from './UpgradePreviewDialog';

const useStyles = makeStyles(theme => ({
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginTop: theme.spacing(1),
  },
}));

type State =
  | { kind: 'loading' }
  | { kind: 'loaded'; status: TemplateUpgradeStatus | undefined }
  | { kind: 'failed'; message: string };

type PullRequestState =
  | { kind: 'idle' }
  | { kind: 'opening' }
  | { kind: 'failed'; message: string };

const STATE_WORDS: Record<TemplateUpgradePullRequest['state'], string> = {
  open: 'open',
  closed: 'closed without merging',
  merged: 'merged; the catalog shows the new version after its next refresh',
};

/**
 * "Template vX → vY available" on a service generated from an older
 * template version, with "Preview changes" (the dry run's changelog,
 * conflicts and diff) and "Open pull request" ("Update pull request" when
 * one is open); nothing at all when it is up to date or records no
 * template (a banner for every service would teach people to ignore it).
 * The backend checks that the user may upgrade the service; a refusal is
 * shown as it says.
 */
export function TemplateUpgradeBanner() {
  const classes = useStyles();
  const { entity } = useEntity();
  const api = useApi(eksPlatformApiRef);
  const entityRef = stringifyEntityRef(entity);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [dialogOpen, setDialogOpen] = useState(false);
  const [preview, setPreview] = useState<PreviewState>({ kind: 'loading' });
  const [pullRequest, setPullRequest] = useState<PullRequestState>({
    kind: 'idle',
  });

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

  const showPreview = useCallback(() => {
    setDialogOpen(true);
    setPreview({ kind: 'loading' });
    api.previewTemplateUpgrade(entityRef).then(
      answer => setPreview({ kind: 'loaded', preview: answer }),
      error =>
        setPreview({ kind: 'failed', message: upgradeErrorMessage(error) }),
    );
  }, [api, entityRef]);

  const openPullRequest = useCallback(() => {
    setPullRequest({ kind: 'opening' });
    api.openTemplateUpgradePullRequest(entityRef).then(
      answer => {
        setPullRequest({ kind: 'idle' });
        setDialogOpen(false);
        setState(previous =>
          previous.kind === 'loaded' && previous.status && answer.pullRequest
            ? {
                kind: 'loaded',
                status: { ...previous.status, pullRequest: answer.pullRequest },
              }
            : previous,
        );
      },
      error => {
        setPullRequest({ kind: 'failed', message: upgradeErrorMessage(error) });
        setDialogOpen(false);
      },
    );
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
  const pull = status.pullRequest;
  const label =
    pull?.state === 'open' ? 'Update pull request' : 'Open pull request';
  const busy = pullRequest.kind === 'opening';
  return (
    <Alert severity="info" data-testid="template-upgrade-banner">
      <Typography variant="body2" component="p">
        Template v{status.currentVersion} → v{status.latestVersion} available (
        {status.templateRef}).
      </Typography>
      {pull && (
        <Typography variant="body2" component="p">
          <Link to={pull.url}>Upgrade pull request #{pull.number}</Link> is{' '}
          {STATE_WORDS[pull.state]}.
        </Typography>
      )}
      <div className={classes.actions}>
        <Button variant="outlined" size="small" onClick={showPreview}>
          Preview changes
        </Button>
        <Button
          variant="outlined"
          size="small"
          onClick={openPullRequest}
          disabled={busy}
        >
          {busy ? 'Opening the pull request…' : label}
        </Button>
      </div>
      {busy && (
        <Typography variant="body2" role="status">
          Merging the template&apos;s changes with the repository and pushing
          the upgrade branch…
        </Typography>
      )}
      {pullRequest.kind === 'failed' && (
        <Typography variant="body2" role="alert">
          Could not open the pull request. {pullRequest.message}
        </Typography>
      )}
      <UpgradePreviewDialog
        open={dialogOpen}
        state={preview}
        pullRequestLabel={label}
        pullRequestBusy={busy}
        onPullRequest={openPullRequest}
        onClose={() => setDialogOpen(false)}
      />
    </Alert>
  );
}
