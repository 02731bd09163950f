import Alert from '@material-ui/lab/Alert';

/**
 * The scorecards could not be read: say so, so an empty Score column is not
 * mistaken for "nothing to judge". A warning, not an error: the health
 * beside it comes from the status API and is still current.
 */
export function ScoreErrorNotice({ error }: { error: Error }) {
  return (
    <Alert severity="warning" role="status" data-testid="fleet-score-error">
      Readiness scores could not be loaded: {error.message}. Health is still
      shown; the Score column stays empty until the next refresh.
    </Alert>
  );
}
