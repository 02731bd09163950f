import type { Fleet } from '../fleet';
import type { ImageCatalog, ImageScanFinding } from './scanFindings';

/*
 * The images the demo fleet runs, as its CI would have pushed them to the
 * sandbox ECR with scan-on-push: every digest of a service's repository is
 * known, scanned and reported with a few low findings; the service that
 * breaks `criticalFindings` ships a critical and a high one.
 */

const EVERYDAY: ImageScanFinding[] = [
  {
    name: 'CVE-2025-0167',
    severity: 'LOW',
    description: 'curl: netrc and default credential leak',
    uri: 'https://nvd.nist.gov/vuln/detail/CVE-2025-0167',
    attributes: [
      { key: 'package_name', value: 'curl' },
      { key: 'package_version', value: '8.11.1' },
    ],
  },
  {
    name: 'CVE-2024-56433',
    severity: 'LOW',
    description: 'shadow-utils: default subordinate ID configuration',
    uri: 'https://nvd.nist.gov/vuln/detail/CVE-2024-56433',
    attributes: [{ key: 'package_name', value: 'shadow' }],
  },
];

const CRITICAL: ImageScanFinding[] = [
  {
    name: 'CVE-2024-3094',
    severity: 'CRITICAL',
    description: 'xz: malicious code in the liblzma build (backdoor)',
    uri: 'https://nvd.nist.gov/vuln/detail/CVE-2024-3094',
    attributes: [
      { key: 'package_name', value: 'xz-utils' },
      { key: 'package_version', value: '5.6.1' },
    ],
  },
  {
    name: 'CVE-2024-6387',
    severity: 'HIGH',
    description: 'openssh: regreSSHion, signal handler race in sshd',
    uri: 'https://nvd.nist.gov/vuln/detail/CVE-2024-6387',
    attributes: [{ key: 'package_name', value: 'openssh' }],
  },
];

/** What the sandbox ECR knows of each demo service's repository. */
export function demoImageCatalog(fleet: Fleet): ImageCatalog {
  return (repositoryName, imageDigest) => {
    const service = fleet.byName.get(repositoryName);
    // A public image was never pushed to the organisation's ECR.
    if (!service || service.breaks.includes('publicImage')) return undefined;
    return {
      imageDigest,
      imageTags: [service.params.version],
      scan: {
        status: 'COMPLETE',
        findings: service.breaks.includes('criticalFindings')
          ? [...CRITICAL, ...EVERYDAY]
          : EVERYDAY,
      },
    };
  };
}
