import Alert from '@material-ui/lab/Alert';

/**
 * The upgrade pull-request states could not be read: say so, so a Template
 * column without them is not mistaken for "no pull request anywhere".
 */
export function UpgradePullRequestErrorNotice({ error }: { error: Error }) {
  return (
    <Alert severity="warning" role="status" data-testid="fleet-pr-error">
      Upgrade pull requests could not be loaded: {error.message}. Template
      versions are still shown; the pull-request states return with the next
      refresh.
    </Alert>
  );
}
