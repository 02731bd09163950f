import {
  FindingSeverity,
  ImageScanSummary,
} from '@internal/backstage-plugin-eks-platform-common';
import {
  ScorecardRule,
  ScorecardRuleContext,
} from '@internal/backstage-plugin-eks-platform-node';
import { deployedClusters, failIfAny, freshData, unknown } from './verdicts';

export const argoCdSyncedHealthy: ScorecardRule = {
  id: 'argocd-synced-healthy',
  title: 'Argo CD reports Synced and Healthy',
  why: 'An application out of sync runs something other than what Git says; an unhealthy one has resources Argo CD sees failing.',
  fix: 'Open the application in Argo CD, fix the failing resource or the drift, and let it sync; never change the cluster by hand.',
  severity: 'high',
  appliesTo: {},
  evaluate: context => {
    const argocd = freshData('Argo CD', context.status.sources.argocd);
    if ('missing' in argocd) return unknown(argocd.missing);
    const apps = argocd.data.applications;
    if (apps.length === 0)
      return unknown(
        `no Argo CD application deploys it to ${context.environment.name}`,
      );
    return failIfAny(
      apps.flatMap(app =>
        app.syncStatus === 'Synced' && app.healthStatus === 'Healthy'
          ? []
          : [`${app.name} is ${app.syncStatus} and ${app.healthStatus}`],
      ),
    );
  },
};

const SEVERITIES_AT_OR_ABOVE: Record<'CRITICAL' | 'HIGH', FindingSeverity[]> = {
  CRITICAL: ['CRITICAL'],
  HIGH: ['CRITICAL', 'HIGH'],
};

/** The digests the environment's pods run, each with its scan if one is known. */
function runningImages(
  context: ScorecardRuleContext,
):
  | { missing: string }
  | { scans: Array<{ digest: string; scan?: ImageScanSummary }> } {
  if (!context.images) return { missing: 'image scans are not configured' };
  const deployed = deployedClusters(context);
  if ('missing' in deployed) return deployed;
  const digests = new Set<string>();
  for (const cluster of deployed.clusters) {
    for (const pod of cluster.pods) {
      if (!pod.imageDigests)
        return { missing: 'the image digests of the pods are not reported' };
      pod.imageDigests.forEach(d => digests.add(d));
    }
  }
  if (digests.size === 0)
    return { missing: 'no running image digest is known yet' };
  const scans = [...digests].map(digest => ({
    digest,
    scan: context.images!.find(s => s.digest === digest),
  }));
  return { scans };
}

export const imageFromOrganisationEcr: ScorecardRule = {
  id: 'image-from-organisation-ecr',
  title: 'Images come from the organisation’s ECR',
  why: 'Images pulled from elsewhere escape the organisation’s scanning, signing and retention.',
  fix: 'Build and push through the golden-path workflow: it sets image.repository to the service’s ECR repository.',
  chartValue: 'image.repository',
  severity: 'critical',
  appliesTo: {},
  evaluate: context => {
    const running = runningImages(context);
    if ('missing' in running) return unknown(running.missing);
    const problems: string[] = [];
    for (const { digest, scan } of running.scans) {
      if (!scan) return unknown(`no scan facts for ${digest} yet`);
      if (!scan.inOrganisationRegistry)
        problems.push(
          `${scan.registry}/${scan.repository}@${digest} is not in the organisation’s ECR`,
        );
    }
    return failIfAny(problems);
  },
};

export const imageScanClean: ScorecardRule = {
  id: 'image-scan-clean',
  title: 'The running images have no critical findings',
  why: 'A known critical vulnerability in a running image is the easiest way in.',
  fix: 'Rebuild on the patched base image (the golden path’s Dockerfile pins it by digest; Renovate proposes updates) and deploy the new image.digest.',
  chartValue: 'image.digest',
  severity: 'critical',
  appliesTo: {},
  evaluate: context => {
    const running = runningImages(context);
    if ('missing' in running) return unknown(running.missing);
    const threshold = context.thresholds.imageSeverityThreshold;
    const problems: string[] = [];
    for (const { digest, scan } of running.scans) {
      if (!scan) return unknown(`no scan facts for ${digest} yet`);
      if (scan.scanStatus !== 'COMPLETE')
        return unknown(`the scan of ${digest} is ${scan.scanStatus}`);
      const found = SEVERITIES_AT_OR_ABOVE[threshold]
        .map(severity => [severity, scan.counts[severity] ?? 0] as const)
        .filter(([, count]) => count > 0);
      if (found.length > 0)
        problems.push(
          `${scan.repository}@${digest}: ${found
            .map(([severity, count]) => `${count} ${severity}`)
            .join(', ')}`,
        );
    }
    return failIfAny(problems);
  },
};
