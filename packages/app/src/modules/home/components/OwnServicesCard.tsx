import {
  InfoCard,
  Link,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { EksPlatformHealthStatus } from '@internal/backstage-plugin-eks-platform';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { GOLDEN_PATH_URL } from '../links';
import { OwnServicesState } from '../useOwnServices';

/**
 * The signed-in user's services with their health and its first reason, each
 * linking to the service's page.
 */
export function OwnServicesCard({ state }: { state: OwnServicesState }) {
  return (
    <InfoCard title="Your services" subheader="Owned by you or your teams">
      <OwnServicesBody state={state} />
    </InfoCard>
  );
}

function OwnServicesBody({ state }: { state: OwnServicesState }) {
  if (state.loading) return <Progress />;
  if (state.catalogError) {
    return (
      <WarningPanel
        severity="error"
        title="Your services could not be listed"
        message={`The catalog did not answer: ${state.catalogError.message}`}
      />
    );
  }
  if (state.services.length === 0) {
    return (
      <Typography variant="body2">
        You and your teams own no services yet.{' '}
        <Link to={GOLDEN_PATH_URL}>Create one with the golden path</Link>.
      </Typography>
    );
  }
  return (
    <>
      {state.statusError && (
        <WarningPanel
          severity="warning"
          title="Health is unknown for now"
          message={`The EKS platform status backend did not answer: ${state.statusError.message}`}
        />
      )}
      <List dense aria-label="Your services">
        {state.services.map(service => (
          <ListItem key={service.entityRef} divider>
            <ListItemText
              primary={
                <EntityRefLink
                  entityRef={service.entityRef}
                  title={service.title ?? service.name}
                />
              }
              secondary={
                service.health?.reasons[0] ??
                (service.statusError && !state.statusError
                  ? service.statusError
                  : undefined)
              }
            />
            <EksPlatformHealthStatus
              level={service.health?.level ?? 'unknown'}
            />
          </ListItem>
        ))}
      </List>
    </>
  );
}
