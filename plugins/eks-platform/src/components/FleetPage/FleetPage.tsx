import { useMemo, useState } from 'react';
import { Content, ContentHeader } from '@backstage/core-components';
import {
  FleetFilters as Filters,
  FleetSort,
  filterOptions,
  filterRows,
  sortRows,
} from '../../fleet/fleetQuery';
import { useFleetFiltersInUrl } from '../../fleet/fleetFiltersInUrl';
import { useFleet } from '../../fleet/useFleet';
import { withOwnerNames } from '../../fleet/fleetRows';
import { useOwnerNames } from '../../fleet/useOwnerNames';
import { FleetFilters } from '../FleetFilters';
import { FleetPagination, PAGE_SIZES } from '../FleetPagination';
import { FleetTable } from '../FleetTable';
import { SourceNotice } from '../SourceNotice';
import { SourceSkeleton } from '../SourceGate';
import { UpdatedAgo } from '../UpdatedAgo';
import { HealthCounts } from './HealthCounts';
import { HealthLegend } from './HealthLegend';
import { RateLimitNotice } from './RateLimitNotice';
import { ScoreErrorNotice } from './ScoreErrorNotice';
import { UpgradePullRequestErrorNotice } from './UpgradePullRequestErrorNotice';

/**
 * Every annotated service at once, from one catalog query and batch status
 * queries (as many as the backend's cap needs); worst health first.
 */
export function FleetPage() {
  const { value, error, loading, updatedAt, refresh } = useFleet();
  const [filters, setFilters] = useFleetFiltersInUrl();
  const [sort, setSort] = useState<FleetSort>({
    key: 'health',
    direction: 'ascending',
  });
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0]);
  const changeFilters = (next: Filters) => {
    setFilters(next);
    setPage(0);
  };

  const owners = useOwnerNames(value !== undefined);
  const rows = useMemo(
    () => withOwnerNames(value?.rows ?? [], owners),
    [value, owners],
  );
  const options = useMemo(() => filterOptions(rows), [rows]);
  const visible = useMemo(
    () => sortRows(filterRows(rows, filters), sort),
    [rows, filters, sort],
  );
  const lastPage = Math.max(0, Math.ceil(visible.length / pageSize) - 1);
  const currentPage = Math.min(page, lastPage);
  const pageRows = visible.slice(
    currentPage * pageSize,
    (currentPage + 1) * pageSize,
  );

  return (
    <Content data-plugin="eks-platform">
      <ContentHeader title="Service fleet">
        <UpdatedAgo
          updatedAt={updatedAt}
          loading={loading}
          onRefresh={refresh}
        />
      </ContentHeader>
      {error && (
        <SourceNotice
          kind={value ? 'stale' : 'error'}
          fallbackUpstream="The catalog"
          fetchedAt={updatedAt ? new Date(updatedAt).toISOString() : undefined}
          error={{ upstream: 'The catalog', message: error.message }}
        />
      )}
      {value?.statusError && (
        <SourceNotice
          kind="error"
          fallbackUpstream="The EKS platform backend"
          error={{
            upstream: 'The EKS platform backend',
            message: value.statusError.message,
          }}
        />
      )}
      {value?.scoreError && <ScoreErrorNotice error={value.scoreError} />}
      {value?.pullRequestError && (
        <UpgradePullRequestErrorNotice error={value.pullRequestError} />
      )}
      {value?.rateLimited && (
        <RateLimitNotice rateLimited={value.rateLimited} />
      )}
      {!value && !error && <SourceSkeleton label="the service fleet" />}
      {value && (
        <>
          <HealthCounts
            rows={rows}
            selected={filters.health}
            onSelect={health => changeFilters({ ...filters, health })}
          />
          <HealthLegend />
          <FleetFilters
            value={filters}
            options={options}
            onChange={changeFilters}
          />
          <FleetTable
            rows={pageRows}
            sort={sort}
            onSortChange={next => {
              setSort(next);
              setPage(0);
            }}
          />
          <FleetPagination
            total={visible.length}
            page={currentPage}
            pageSize={pageSize}
            onPageChange={setPage}
            onPageSizeChange={size => {
              setPageSize(size);
              setPage(0);
            }}
          />
        </>
      )}
    </Content>
  );
}
