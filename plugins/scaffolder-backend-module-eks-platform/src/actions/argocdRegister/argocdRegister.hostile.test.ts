import {
  ArgoCdPlatform,
  ECR_HOST,
  MEMBER_OF_A,
  TEAM_B,
  createArgoCdAction,
  serviceInput,
  startArgoCdPlatform,
  writeCounts,
} from '../../__testUtils__/argocdPlatform';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  HostileCase,
  Refusal,
  hostileRows,
  hostileTally,
} from '../../__testUtils__/hostile';
import { createTestContext } from '../../__testUtils__/testContext';

// The simulators keep real git repositories; on a loaded 2-core machine
// starting them takes longer than jest's 5 s default.
jest.setTimeout(30_000);

/*
 * Hostile inputs through the real action against the sandbox's Argo CD and
 * GitHub simulators: every one is refused with the error class that says
 * what is wrong (InputError: malformed; NotAllowedError: not this team's or
 * not the platform's), and neither simulator records a single write
 * request. Each case runs in both modes.
 */

const metadata = 'http://169.254.169.254/latest/meta-data/';
const hostile = (
  cls: string,
  refusal: Refusal,
  message: RegExp,
  inputs: Array<Record<string, unknown>>,
): HostileCase[] =>
  inputs.map(input => ({ class: cls, input, refusal, message }));

const CASES: HostileCase[] = [
  ...hostile(
    'application name not scoped to one service',
    InputError,
    /"name"/,
    [
      { name: 'Cart' },
      { name: '../cart' },
      { name: 'cart/../../orders' },
      { name: 'x'.repeat(54) },
      { name: 'cart-${{ secrets.TOKEN }}' },
      { name: '' },
    ],
  ),
  ...hostile('owner that is not a group', InputError, /"owner"/, [
    { owner: 'user:default/alice' },
    { owner: 'component:default/cart' },
    { owner: 'team a' },
  ]),
  ...hostile(
    'another team as owner',
    NotAllowedError,
    /is not a member of group:default\/team-b/,
    [{ owner: TEAM_B }, { owner: 'team-b' }],
  ),
  ...hostile(
    'system, platform or Argo CD namespace',
    NotAllowedError,
    /system or platform namespace/,
    [
      { namespace: 'kube-system' },
      { namespace: 'kube-public' },
      { namespace: 'kube-node-lease' },
      { namespace: 'default' },
      { namespace: 'argocd' },
      { namespace: 'vault' },
      { namespace: 'monitoring' },
    ],
  ),
  ...hostile(
    "another team's namespace",
    NotAllowedError,
    /not a namespace of the owning team/,
    [{ namespace: 'team-b' }, { namespace: 'payments' }],
  ),
  ...hostile('malformed namespace', InputError, /"namespace"/, [
    { namespace: 'Team-A' },
    { namespace: 'team_a' },
    { namespace: '../team-a' },
  ]),
  ...hostile("project other than the team's", NotAllowedError, /"project"/, [
    { project: 'default' },
    { project: 'team-b-apps' },
    { project: '*' },
  ]),
  ...hostile(
    'chart repository on an internal or metadata address',
    NotAllowedError,
    /link-local|metadata|unspecified/,
    [
      { chartRepoUrl: metadata },
      { chartRepoUrl: 'https://169.254.169.254/acme/cart.git' },
      { chartRepoUrl: 'https://0xa9fea9fe/acme/cart.git' },
      { chartRepoUrl: 'https://2852039166/acme/cart.git' },
      { chartRepoUrl: 'https://[fd00:ec2::254]/acme/cart.git' },
      { chartRepoUrl: 'https://[::ffff:169.254.169.254]/acme/cart.git' },
      { chartRepoUrl: 'https://metadata.google.internal/acme/cart.git' },
      { chartRepoUrl: 'https://169-254-169-254.sslip.io/acme/cart.git' },
      { chartRepoUrl: 'https://0.0.0.0/acme/cart.git' },
    ],
  ),
  ...hostile(
    'chart repository host off the allow-list',
    NotAllowedError,
    /chartRepositoryHosts/,
    [
      { chartRepoUrl: 'https://evil.example.com/acme/cart.git' },
      { chartRepoUrl: 'https://github.com.evil.example/acme/cart.git' },
      { chartRepoUrl: 'https://gitlab.com/acme/cart.git' },
      { chartRepoUrl: 'http://localhost:1/acme/cart.git' },
    ],
  ),
  ...hostile(
    'chart repository URL that is not a plain Git URL',
    InputError,
    /chartRepoUrl/,
    [
      { chartRepoUrl: 'file:///etc/passwd' },
      { chartRepoUrl: 'https://user:token@github.com/acme/cart.git' },
      { chartRepoUrl: 'ssh://git@github.com/acme/cart.git' },
      { chartRepoUrl: 'not a url' },
      { chartRepoUrl: 'https://github.com/acme/cart.git?ref=x' },
    ],
  ),
  ...hostile(
    'chart path or revision escaping the repository',
    InputError,
    /chartPath|targetRevision/,
    [
      { chartPath: '../../etc' },
      { chartPath: '/etc/passwd' },
      { targetRevision: 'main; rm -rf /' },
      { targetRevision: '../../refs/heads/x' },
      { targetRevision: '--upload-pack=evil' },
    ],
  ),
  ...hostile(
    'destination, instance or GitOps repository from the form',
    InputError,
    /comes from platform config/,
    [
      { destination: { prod: { server: 'https://kubernetes.default.svc' } } },
      {
        destination: { dev: { name: 'in-cluster', namespace: 'kube-system' } },
      },
      { instance: 'other' },
      { syncPolicy: { automated: true, prune: true } },
      { gitopsRepoUrl: 'github.com?owner=evil&repo=gitops' },
      { gitopsBaseBranch: 'evil' },
      { values: { prod: { hostNetwork: true } } },
    ],
  ),
  ...hostile(
    'environment the platform does not have',
    InputError,
    /environments/,
    [
      { environments: ['qa'] },
      { environments: [] },
      { environments: ['dev', 'dev'] },
      { environments: ['../prod'] },
      { environments: 'prod' },
    ],
  ),
  ...hostile(
    "image repository that is not this service's in the platform's registry",
    NotAllowedError,
    /imageRepository/,
    [
      { imageRepository: 'evil.example.com/cart' },
      { imageRepository: 'docker.io/library/cart' },
      { imageRepository: `${ECR_HOST}/orders` },
      { imageRepository: '999999999999.dkr.ecr.eu-west-1.amazonaws.com/cart' },
    ],
  ),
  ...hostile(
    'adoption by someone who is not a platform admin',
    NotAllowedError,
    /adoptExisting/,
    [{ adoptExisting: true }],
  ),
];

describe('eks:argocd:register refuses hostile input before any write', () => {
  let platform: ArgoCdPlatform;
  beforeAll(async () => {
    platform = await startArgoCdPlatform();
  });
  afterAll(() => platform.close());

  it('covers every class with at least one input', () => {
    expect(hostileTally(CASES)).toEqual({ inputs: 66, classes: 15 });
  });

  describe.each(['gitops', 'api'])('%s mode', mode => {
    it.each(hostileRows(CASES))('refuses %s', async (_name, c) => {
      const { action } = createArgoCdAction(platform, MEMBER_OF_A);
      const before = writeCounts(platform);
      const { ctx } = createTestContext({
        ...serviceInput(platform, 'cart', { mode }),
        ...c.input,
      });
      const error = await action.handler(ctx).catch(e => e);
      expect(error).toBeInstanceOf(c.refusal);
      expect(error.message).toMatch(c.message ?? /\S/);
      expect(writeCounts(platform)).toEqual(before);
    });
  });

  it('and, every case refused, neither simulator recorded one write request', () => {
    expect(writeCounts(platform)).toEqual({ argocd: 0, github: 0 });
    expect(platform.argocd.applications()).toEqual([]);
    expect(platform.argocd.projects().map(p => p.metadata.name)).toEqual([
      'default',
    ]);
  });
});
