import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_ECR_REPOSITORY,
  ANNOTATION_GITHUB_PROJECT_SLUG,
  ANNOTATION_VAULT_SECRETS_PATH,
  ClusterWorkloads,
} from '@internal/backstage-plugin-eks-platform-common';
import {
  ecrConsoleUrl,
  imageTagIn,
  parseEcrRepositoryUri,
} from '../../format/ecr';
import { HealthStatus } from '../HealthStatus';
import { HttpLink } from '../HttpLink';

const useStyles = makeStyles(theme => ({
  list: {
    margin: 0,
    '& dt': { fontWeight: 600, marginTop: theme.spacing(1) },
    '& dd': { margin: 0 },
  },
  code: { fontFamily: 'monospace', wordBreak: 'break-all' },
}));

/** The image tags running from the repository, per cluster: "prod: 1.4.2". */
function runningTags(uri: string, clusters: ClusterWorkloads[]): string[] {
  const repo = parseEcrRepositoryUri(uri);
  if (!repo) return [];
  return clusters.flatMap(c => {
    const tags = [
      ...new Set(
        c.deployments.flatMap(d =>
          d.images.map(i => imageTagIn(repo, i)).filter(Boolean),
        ),
      ),
    ];
    return tags.length ? [`${c.cluster}: ${tags.join(', ')}`] : [];
  });
}

/** Vault, ECR and source registrations the golden path wrote onto the entity. */
export function Registrations({
  entity,
  clusters,
  pending = false,
}: {
  entity: Entity;
  clusters: ClusterWorkloads[];
  /** Not deployed yet: say what happens once it is, not "nothing running". */
  pending?: boolean;
}) {
  const classes = useStyles();
  const annotations = entity.metadata.annotations ?? {};
  const vaultPath = annotations[ANNOTATION_VAULT_SECRETS_PATH];
  const ecrUri = annotations[ANNOTATION_ECR_REPOSITORY];
  const ecr = ecrUri ? parseEcrRepositoryUri(ecrUri) : undefined;
  const slug = annotations[ANNOTATION_GITHUB_PROJECT_SLUG];
  const tags = ecrUri ? runningTags(ecrUri, clusters) : [];
  return (
    <dl className={classes.list}>
      <dt>Vault</dt>
      <dd>
        {vaultPath ? (
          <>
            <HealthStatus level="healthy" label="Registered" /> secrets at{' '}
            <span className={classes.code}>{vaultPath}</span>
            {pending && (
              <Typography variant="body2">
                The service's pods will read them once it is deployed.
              </Typography>
            )}
          </>
        ) : (
          <Typography variant="body2" component="span">
            Not registered. The golden path registers a service in Vault only
            when it asks for secrets or a database role; its eks:vault:register
            step then writes the {ANNOTATION_VAULT_SECRETS_PATH} annotation.
          </Typography>
        )}
      </dd>
      <dt>Container registry</dt>
      <dd>
        {ecrUri ? (
          <>
            {ecr ? (
              <HttpLink
                href={ecrConsoleUrl(ecr)}
                aria-label={`Open ECR repository ${ecr.name}`}
              >
                {ecr.name}
              </HttpLink>
            ) : (
              <span className={classes.code}>{ecrUri}</span>
            )}{' '}
            <span className={classes.code}>({ecrUri})</span>
            {tags.length > 0 && (
              <Typography variant="body2">
                Running: {tags.join('; ')}
              </Typography>
            )}
            {pending && tags.length === 0 && (
              <Typography variant="body2">
                The running image tags will appear here once the service is
                deployed.
              </Typography>
            )}
          </>
        ) : (
          <Typography variant="body2" component="span">
            No repository: add the {ANNOTATION_ECR_REPOSITORY} annotation (the
            eks:ecr:create template step writes it).
          </Typography>
        )}
      </dd>
      {slug && (
        <>
          <dt>Source</dt>
          <dd className={classes.code}>{slug}</dd>
        </>
      )}
    </dl>
  );
}
