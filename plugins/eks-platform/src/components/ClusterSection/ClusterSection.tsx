import { ReactNode } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ClusterWorkloads } from '@internal/backstage-plugin-eks-platform-common';
import { SourceNotice } from '../SourceNotice';

const useStyles = makeStyles(theme => ({
  section: { marginBottom: theme.spacing(2) },
  heading: { fontWeight: 600, marginBottom: theme.spacing(0.5) },
}));

export interface ClusterSectionProps {
  cluster: ClusterWorkloads;
  children: ReactNode;
}

/**
 * One cluster's part of a card. A cluster that cannot be reached says so
 * here while the other clusters still render.
 */
export function ClusterSection({ cluster, children }: ClusterSectionProps) {
  const classes = useStyles();
  const headingId = `cluster-${cluster.cluster}-heading`;
  return (
    <section
      className={classes.section}
      aria-labelledby={headingId}
      data-cluster={cluster.cluster}
    >
      <Typography
        id={headingId}
        variant="subtitle2"
        component="h4"
        className={classes.heading}
      >
        Cluster {cluster.cluster}
      </Typography>
      {cluster.state === 'error' && (
        <SourceNotice
          kind="error"
          error={cluster.error}
          fallbackUpstream={`kubernetes/${cluster.cluster}`}
        />
      )}
      {cluster.state === 'stale' && (
        <SourceNotice
          kind="stale"
          error={cluster.error}
          fetchedAt={cluster.syncedAt}
          fallbackUpstream={`kubernetes/${cluster.cluster}`}
        />
      )}
      {cluster.state !== 'error' && children}
    </section>
  );
}
