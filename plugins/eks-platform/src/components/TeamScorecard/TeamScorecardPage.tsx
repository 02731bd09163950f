import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import Typography from '@material-ui/core/Typography';
import { Content, ContentHeader } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { eksPlatformApiRef, ScorecardRollupBy } from '../../api';
import { useOwnerNames } from '../../fleet/useOwnerNames';
import { useScorecardRules } from '../../hooks/useEntityScorecard';
import { usePolling } from '../../hooks/usePolling';
import { fleetRouteRef } from '../../routes';
import { ScorecardError, ScorecardSkeleton } from '../ReadinessCard';
import { UpdatedAgo } from '../UpdatedAgo';
import { RollupTable } from './RollupTable';
import { rollupRows } from './rollupRows';

export const TEAM_SCORECARD_REFRESH_MS = 60_000;

const GROUPINGS: Array<{ by: ScorecardRollupBy; label: string }> = [
  { by: 'owner', label: 'Owner' },
  { by: 'system', label: 'System' },
];

function Rollups({ by }: { by: ScorecardRollupBy }) {
  const api = useApi(eksPlatformApiRef);
  const load = useCallback(() => api.getScorecardRollups(by), [api, by]);
  const { value, error, loading, updatedAt, refresh } = usePolling(
    load,
    TEAM_SCORECARD_REFRESH_MS,
  );
  const rules = useScorecardRules();
  const owners = useOwnerNames(by === 'owner' && value !== undefined);
  const fleetPath = useRouteRef(fleetRouteRef)?.();
  const rows = useMemo(
    () => rollupRows(value?.items ?? [], rules, owners),
    [value, rules, owners],
  );
  const groupLabel = GROUPINGS.find(g => g.by === by)!.label;
  return (
    <>
      <UpdatedAgo updatedAt={updatedAt} loading={loading} onRefresh={refresh} />
      {!value && error && (
        <ScorecardError error={error} onRetry={refresh} what="The scorecard" />
      )}
      {!value && !error && (
        <ScorecardSkeleton label="Loading the readiness by team" />
      )}
      {value && rows.length === 0 && (
        <Typography variant="body2" data-testid="team-scorecard-empty">
          No service has a score yet.
        </Typography>
      )}
      {value && rows.length > 0 && (
        <RollupTable
          groupLabel={groupLabel}
          rows={rows}
          fleetPath={fleetPath}
        />
      )}
    </>
  );
}

/**
 * The readiness scores rolled up by owner or by system: mean score, how
 * many services, the rules failing most, the 30-day trend; each owner or
 * system links to the fleet filtered to its services.
 */
export function TeamScorecardPage() {
  const [params, setParams] = useSearchParams();
  const by: ScorecardRollupBy =
    params.get('by') === 'system' ? 'system' : 'owner';
  return (
    <Content data-plugin="eks-platform">
      <ContentHeader title="Readiness by team">
        <ButtonGroup size="small" aria-label="Group the scores by">
          {GROUPINGS.map(grouping => (
            <Button
              key={grouping.by}
              aria-pressed={by === grouping.by}
              variant={by === grouping.by ? 'contained' : 'outlined'}
              color={by === grouping.by ? 'primary' : 'default'}
              onClick={() =>
                setParams(new URLSearchParams({ by: grouping.by }), {
                  replace: true,
                })
              }
            >
              By {grouping.label.toLowerCase()}
            </Button>
          ))}
        </ButtonGroup>
      </ContentHeader>
      {/* Keyed: a new grouping is a new poll, not the old one's answer. */}
      <Rollups key={by} by={by} />
    </Content>
  );
}
