import {
  Content,
  Header,
  InfoCard,
  Link,
  Page,
} from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  CATALOG_URL,
  CREATE_URL,
  DOCS_URL,
  FLEET_URL,
  GOLDEN_PATH_URL,
  SEARCH_URL,
} from '../links';
import { useOwnServices } from '../useOwnServices';
import { OwnServicesCard } from './OwnServicesCard';

/**
 * The landing page: what the portal offers in one screen (create a service,
 * see your services' health, the fleet), the user's own services with their
 * health, and the way to each. Everything on it comes from this portal's
 * backend: no widget reaches the internet.
 */
export function EksHomePage() {
  const configApi = useApi(configApiRef);
  const organization =
    configApi.getOptionalString('organization.name') ?? 'your organisation';
  const ownServices = useOwnServices();
  return (
    <Page themeId="home">
      <Header
        title="EKS Platform"
        subtitle={`Create, run and watch ${organization}'s services on AWS EKS`}
      />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12} md={4}>
            <InfoCard title="Create a service">
              <Typography variant="body2" paragraph>
                One form gives a new service a repository with a Helm chart, a
                container image pipeline, an ECR repository, Vault access and
                Argo CD deployments to every environment, registered in the
                catalog.
              </Typography>
              <Typography variant="body2">
                <Link to={GOLDEN_PATH_URL}>
                  Start the golden path (EKS service)
                </Link>{' '}
                or see <Link to={CREATE_URL}>all templates</Link>.
              </Typography>
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={4}>
            <InfoCard title="See how services run">
              <Typography variant="body2" paragraph>
                Each service's page shows its autoscaling, disruption budget,
                alerts, traces and deployments across the clusters; the fleet
                shows every service's health at once.
              </Typography>
              <Typography variant="body2">
                <Link to={FLEET_URL}>Open the fleet</Link> or browse{' '}
                <Link to={CATALOG_URL}>the catalog</Link>.
              </Typography>
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={4}>
            <InfoCard title="Find docs and answers">
              <Typography variant="body2" paragraph>
                Services publish their documentation here; search finds
                services, templates and docs.
              </Typography>
              <Typography variant="body2">
                <Link to={DOCS_URL}>Read the docs</Link> or{' '}
                <Link to={SEARCH_URL}>search the portal</Link>.
              </Typography>
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <OwnServicesCard state={ownServices} />
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
