import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ClusterWorkloads } from '@internal/backstage-plugin-eks-platform-common';
import { createImageScanReader } from '@internal/backstage-plugin-eks-platform-node';
import {
  ApiServerSink,
  backstageKubernetesConfig,
  buildFleet,
  EcrSimulator,
  ecrSimulatorAwsConfig,
  DEFAULT_READINESS_BREAKS as BREAKS,
  demoImageCatalog,
  KubernetesClusters,
  startEcrSimulator,
  startKubernetesClusters,
  WorkloadSimulator,
} from '@internal/eks-platform-sandbox';
import { ImageScanSource } from './images/ImageScanSource';
import { createAuthStrategy, readClusters } from './kubernetes/clusters';
import { KubernetesSource } from './kubernetes/KubernetesSource';

/*
 * The demo services that break the readiness standard, written by the
 * sandbox's workload simulator into a real kube-apiserver and read back
 * through the watch caches and the sandbox ECR: each shows the fact its
 * rule judges, and a golden-path service shows the passing facts.
 */
jest.setTimeout(120_000);

const logger = mockServices.logger.mock();
const demoCatalog = path.resolve(__dirname, '../../../../catalog/demo');
const PASSING = 'order-service';

let kube: KubernetesClusters;
let ecr: EcrSimulator;
let workload: WorkloadSimulator;
let kubernetes: KubernetesSource;
const all = buildFleet({ catalogDir: demoCatalog });
const services = all.services.filter(
  s => s.breaks.length > 0 || s.name === PASSING,
);
const fleet = { services, byName: new Map(services.map(s => [s.name, s])) };

beforeAll(async () => {
  [kube, ecr] = await Promise.all([
    startKubernetesClusters({ clusters: [{ name: 'prod' }] }),
    startEcrSimulator({ images: demoImageCatalog(all) }),
  ]);
  workload = new WorkloadSimulator({
    fleet,
    clusters: { prod: new ApiServerSink(kube.clusters.prod.client) },
    clock: () => Date.parse('2026-11-30T12:00:00Z'),
    crashChance: 0,
    rolloutChance: 0,
  });
  await workload.ready();
  const config = new ConfigReader({
    kubernetes: backstageKubernetesConfig(kube.clusters, ['prod']),
  });
  kubernetes = new KubernetesSource(
    readClusters(config, logger),
    createAuthStrategy(config),
    logger,
  );
  kubernetes.start();
}, 180_000);
afterAll(async () => {
  await kubernetes?.stop();
  await workload?.stop();
  await Promise.all([kube?.close(), ecr?.close()]);
});

async function prodOf(name: string) {
  const service = fleet.byName.get(name)!;
  const result = await kubernetes.forEntity(
    {
      id: name,
      owner: service.owner,
      scope: () => ({ namespaces: [service.namespace] }),
    },
    Date.now() + 10_000,
  );
  return { result, cluster: result.data!.clusters[0] as ClusterWorkloads };
}

const containerOf = (cluster: ClusterWorkloads) =>
  cluster.deployments[0].podTemplate!.containers[0];

describe('the demo fleet’s readiness breaks, as the status backend reads them', () => {
  it('shows the golden-path facts for a passing service', async () => {
    const { result, cluster } = await prodOf(PASSING);
    expect(result.state).toBe('ok');
    expect(containerOf(cluster)).toMatchObject({
      readinessProbe: true,
      livenessProbe: true,
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { memory: '512Mi' },
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 10001,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilitiesDrop: ['ALL'],
      },
    });
    expect(cluster.networkPolicies).toHaveLength(1);
    expect(cluster.hpas[0].minReplicas).toBeGreaterThanOrEqual(3);
    expect(cluster.pdbs[0].blocksDrains).toBe(false);
    expect(cluster.pods.every(p => p.imageDigests?.length === 1)).toBe(true);
  });

  it('shows each broken part of the pod template, HPA, PDB and NetworkPolicy', async () => {
    const two = (await prodOf(BREAKS.prodTwoReplicas)).cluster;
    expect(two.deployments[0].replicas.desired).toBe(2);
    expect(two.hpas[0].minReplicas).toBe(2);
    expect(
      (await prodOf(BREAKS.pdbBlocksDrains)).cluster.pdbs[0],
    ).toMatchObject({
      minAvailable: '100%',
      disruptionsAllowed: 0,
      blocksDrains: true,
    });
    expect((await prodOf(BREAKS.hpaMinOne)).cluster.hpas[0].minReplicas).toBe(
      1,
    );
    expect(
      containerOf((await prodOf(BREAKS.missingProbe)).cluster).livenessProbe,
    ).toBe(false);
    expect(
      containerOf((await prodOf(BREAKS.noMemoryLimit)).cluster).limits,
    ).toEqual({});
    expect(
      containerOf((await prodOf(BREAKS.rootContainer)).cluster).securityContext,
    ).toEqual({
      runAsUser: 0,
      readOnlyRootFilesystem: false,
      allowPrivilegeEscalation: true,
      capabilitiesDrop: [],
    });
    expect(
      (await prodOf(BREAKS.noNetworkPolicy)).cluster.networkPolicies,
    ).toEqual([]);
  });

  it('reads the images’ ECR scans: clean on the golden path, critical and public where broken', async () => {
    const images = new ImageScanSource({
      kubernetes,
      reader: createImageScanReader(
        new ConfigReader({
          aws: ecrSimulatorAwsConfig(),
          eksPlatform: { ecr: { endpoint: ecr.url } },
        }),
      ),
      organisationAccounts: ['123456789012'],
      logger,
    });
    const statuses = await Promise.all(
      [PASSING, BREAKS.criticalFindings, BREAKS.publicImage].map(
        async name => (await prodOf(name)).result.data,
      ),
    );
    statuses.forEach(s => images.scansFor(s));
    await images.poll();
    const [passing, critical, publicImage] = statuses.map(s =>
      images.scansFor(s),
    );
    expect(passing).toEqual([
      expect.objectContaining({
        repository: PASSING,
        inOrganisationRegistry: true,
        scanStatus: 'COMPLETE',
        counts: { LOW: 2 },
      }),
    ]);
    expect(critical[0]).toMatchObject({
      scanStatus: 'COMPLETE',
      counts: { CRITICAL: 1, HIGH: 1, LOW: 2 },
    });
    expect(publicImage[0]).toMatchObject({
      registry: 'docker.io',
      repository: `acme/${BREAKS.publicImage}`,
      inOrganisationRegistry: false,
      scanStatus: 'NOT_ECR',
    });
    await images.stop();
  });
});
