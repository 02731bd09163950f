import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { budgetPods } from '../../format/wording';
import { makeStyles } from '@material-ui/core/styles';
import { PdbSummary } from '@internal/backstage-plugin-eks-platform-common';

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(3, minmax(0, 1fr))',
    gap: theme.spacing(1),
    margin: theme.spacing(1, 0),
    '& dt': { fontSize: '0.75rem', color: theme.palette.text.secondary },
    '& dd': { margin: 0, fontSize: '1.1rem', fontWeight: 600 },
  },
}));

/** "min available 2" / "max unavailable 25%": the budget as the manifest states it. */
export function describeBudget(pdb: PdbSummary): string {
  if (pdb.minAvailable !== undefined)
    return `min available ${pdb.minAvailable}`;
  if (pdb.maxUnavailable !== undefined)
    return `max unavailable ${pdb.maxUnavailable}`;
  return 'no budget set';
}

/** One PodDisruptionBudget, with a clear warning when it blocks node drains. */
export function PdbDetails({
  pdb,
  cluster,
}: {
  pdb: PdbSummary;
  cluster: string;
}) {
  const classes = useStyles();
  return (
    <div role="group" aria-label={`Disruption budget ${pdb.name}`}>
      <Typography variant="body2" color="textSecondary">
        {pdb.name} ({describeBudget(pdb)})
      </Typography>
      <dl className={classes.grid}>
        <div>
          <dt>Allowed disruptions</dt>
          <dd>{pdb.disruptionsAllowed}</dd>
        </div>
        <div>
          <dt>Pods</dt>
          <dd>{budgetPods(pdb.currentHealthy, pdb.desiredHealthy)}</dd>
        </div>
        <div>
          <dt>Expected pods</dt>
          <dd>{pdb.expectedPods}</dd>
        </div>
      </dl>
      {pdb.blocksDrains && (
        <Alert severity="warning" role="alert">
          Blocks node drains in {cluster}: no pod may be evicted now (
          {pdb.currentHealthy} healthy, {pdb.desiredHealthy} required), so node
          upgrades and scale-downs will wait until more pods are healthy or the
          budget is relaxed.
        </Alert>
      )}
    </div>
  );
}
