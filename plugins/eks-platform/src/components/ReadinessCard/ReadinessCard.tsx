import { ReactNode } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  ScorecardRuleInfo,
  ServiceScorecard,
} from '@internal/backstage-plugin-eks-platform-common';
import { useEntityPlatformStatus } from '../../hooks/useEntityPlatformStatus';
import { useEntityScorecard } from '../../hooks/useEntityScorecard';
import { HealthStatus } from '../HealthStatus';
import { detailCardId } from '../PlatformCard';
import { PendingDeployment } from '../PendingDeployment';
import { RefreshingCard } from '../RefreshingCard';
import {
  formatScore,
  groupResults,
  hasNoKnownOutcome,
  scoreLevel,
} from './readiness';
import { RuleLists } from './RuleLists';
import { ScoreSummary } from './ScoreSummary';
import { ScorecardError, ScorecardSkeleton } from './ScorecardStates';

export const READINESS_TITLE = 'Production readiness';

const useStyles = makeStyles(theme => ({
  overall: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'baseline',
    marginBottom: theme.spacing(1),
  },
}));

function Scorecard({
  scorecard,
  rules,
}: {
  scorecard: ServiceScorecard;
  rules: ReadonlyMap<string, ScorecardRuleInfo>;
}) {
  const classes = useStyles();
  const { status } = useEntityPlatformStatus('summary');
  if (scorecard.environments.length === 0 || hasNoKnownOutcome(scorecard)) {
    if (status?.health.level === 'pending') {
      return (
        <PendingDeployment
          health={status.health}
          appears="The readiness score"
        />
      );
    }
  }
  if (scorecard.environments.length === 0) {
    return (
      <Typography variant="body2" data-testid="scorecard-no-data">
        No score yet: the service runs in no environment the platform knows.
      </Typography>
    );
  }
  const groups = groupResults(scorecard, rules);
  return (
    <>
      <div className={classes.overall}>
        <Typography variant="body2" component="span">
          Lowest environment score:
        </Typography>
        <HealthStatus
          level={scoreLevel(scorecard.score)}
          label={formatScore(scorecard.score)}
        />
      </div>
      {hasNoKnownOutcome(scorecard) && (
        <Typography variant="body2" data-testid="scorecard-no-data">
          No score yet: no rule could be judged, see why below.
        </Typography>
      )}
      <ScoreSummary scorecard={scorecard} />
      <RuleLists groups={groups} />
    </>
  );
}

function CardBody() {
  const { scorecard, rules, error, loading, updatedAt, refresh } =
    useEntityScorecard();
  let body: ReactNode;
  if (scorecard) body = <Scorecard scorecard={scorecard} rules={rules} />;
  else if (error)
    body = (
      <ScorecardError
        error={error}
        onRetry={refresh}
        what="The readiness score"
      />
    );
  else body = <ScorecardSkeleton label="Loading the readiness score" />;
  return (
    <RefreshingCard
      title={READINESS_TITLE}
      updatedAt={updatedAt}
      loading={loading}
      error={error}
      hasData={scorecard !== undefined}
      onRefresh={refresh}
    >
      {body}
    </RefreshingCard>
  );
}

/**
 * The service judged against the platform's production standard: a score
 * per environment (dev → stage → prod) with its 30-day trend, the failing
 * rules first with why they matter and how to fix them, the rules that
 * could not be judged and why, the passing ones collapsed.
 */
export function ReadinessCard() {
  return (
    <section
      aria-label={READINESS_TITLE}
      id={detailCardId(READINESS_TITLE)}
      data-plugin="eks-platform"
    >
      <CardBody />
    </section>
  );
}
