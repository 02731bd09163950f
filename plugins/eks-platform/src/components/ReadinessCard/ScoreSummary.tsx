import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ServiceScorecard } from '@internal/backstage-plugin-eks-platform-common';
import { inEnvironmentOrder } from '../../format/environments';
import { HealthStatus } from '../HealthStatus';
import { Sparkline } from '../Sparkline';
import { formatScore, scoreLevel, trendByEnvironment } from './readiness';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  line: {
    display: 'grid',
    gridTemplateColumns:
      'minmax(5em, 1fr) minmax(7em, 1fr) 2fr minmax(120px, 1fr)',
    gap: theme.spacing(2),
    alignItems: 'center',
    padding: theme.spacing(0.5, 0),
  },
  environment: { fontWeight: 600 },
}));

const formatPoints = (value: number) => `${Math.round(value)}`;

/** One line per environment (dev → stage → prod): score, counts, 30-day trend. */
export function ScoreSummary({ scorecard }: { scorecard: ServiceScorecard }) {
  const classes = useStyles();
  const trends = new Map(
    trendByEnvironment(scorecard.history).map(t => [t.environment, t.scores]),
  );
  const environments = inEnvironmentOrder(
    scorecard.environments,
    e => e.environment,
  );
  return (
    <ul className={classes.list} aria-label="Score per environment">
      {environments.map(env => (
        <li
          key={env.environment}
          className={classes.line}
          data-environment={env.environment}
        >
          <span className={classes.environment}>{env.environment}</span>
          <HealthStatus
            level={scoreLevel(env.score)}
            label={formatScore(env.score)}
          />
          <Typography variant="body2" component="span">
            {env.counts.fail} failing, {env.counts.unknown} unknown,{' '}
            {env.counts.pass} passing
          </Typography>
          <Sparkline
            values={trends.get(env.environment) ?? []}
            label={`${env.environment} score over the last 30 days`}
            format={formatPoints}
            width={120}
            height={24}
          />
        </li>
      ))}
    </ul>
  );
}
