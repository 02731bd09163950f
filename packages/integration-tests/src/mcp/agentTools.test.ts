import {
  Sandbox,
  SANDBOX_TOKENS,
  startSandbox,
} from '@internal/eks-platform-sandbox';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { answerText, startMcpBackend } from './mcpBackend';

/*
 * Issue 17: an agent (the official MCP SDK client over Streamable HTTP,
 * with a signed-in user's token) asks the portal about services running in
 * the sandbox's prod cluster. The answers are the judged status the
 * overview shows, checked with the caller's own permissions (the portal's
 * policy hides private services from other teams), and no token or secret
 * is ever part of an answer.
 */
jest.setTimeout(600_000);

/** An MCP client (the official SDK) connected over Streamable HTTP with a user's token. */
async function connectAgent(baseUrl: string, authorization?: string) {
  const transport = new StreamableHTTPClientTransport(
    new URL(`${baseUrl}/api/mcp-actions/v1`),
    {
      requestInit: {
        headers: authorization ? { Authorization: authorization } : {},
      },
    },
  );
  const client = new Client({
    name: 'eks-platform-test-agent',
    version: '1.0.0',
  });
  await client.connect(transport);
  return client;
}

const GET_STATUS = 'eks-platform.get-service-status';
const LIST_UNHEALTHY = 'eks-platform.list-unhealthy-services';
const GET_SCORECARD = 'eks-platform.get-service-scorecard';
const PREVIEW_UPGRADE = 'scaffolder.preview-template-upgrade';
const TEMPLATE_UPGRADE = 'scaffolder.eks-template-upgrade';
const READ_TOOLS = [GET_STATUS, LIST_UNHEALTHY, GET_SCORECARD, PREVIEW_UPGRADE];
const ECR_CREATE = 'scaffolder.eks-ecr-create';
const WRITE_TOOLS = [
  ECR_CREATE,
  'scaffolder.eks-argocd-register',
  'scaffolder.eks-vault-register',
  'scaffolder.eks-github-repo-configure',
];

type Status = {
  entityRef: string;
  health: { level: string; reasons: string[] };
  sources: Array<{ id: string; state: string; level: string }>;
  clusters: Array<{
    cluster: string;
    deployments: Array<{ name: string; ready: number; desired: number }>;
  }>;
};

type Scorecard = {
  entityRef: string;
  score?: number;
  environments: Array<{
    environment: string;
    score?: number;
    counts: Record<string, number>;
    failing: Array<{
      ruleId: string;
      severity: string;
      reasons: string[];
      why: string;
      fix: string;
    }>;
    unknown: Array<{ ruleId: string; reasons: string[] }>;
  }>;
};

type Unhealthy = {
  checked: number;
  matched?: number;
  note?: string;
  services: Array<{
    entityRef: string;
    owner?: string;
    level: string;
    reasons: string[];
    clusters: string[];
  }>;
};

describe('agents use the EKS platform over MCP', () => {
  let sandbox: Sandbox;
  let backend: Awaited<ReturnType<typeof startMcpBackend>>;
  let alice: Client; // team-storefront
  let guest: Client; // team-commerce, owns the private service
  let mallory: Client; // team-platform, asks about the whole fleet
  let malloryAuthorization: string;
  const secrets: string[] = [];
  const answers: string[] = [];

  async function call<T>(
    client: Client,
    name: string,
    args: object,
  ): Promise<{ error: string; output?: never } | { output: T; error?: never }> {
    const result = await client.callTool({ name, arguments: { ...args } });
    const text = answerText(result);
    answers.push(text, JSON.stringify(result));
    if (result.isError) return { error: text };
    return { output: JSON.parse(text) as T };
  }

  /** The clusters' watch caches fill in the background: ask until the service runs. */
  async function runningStatus(client: Client, entityRef: string) {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const answer = await call<Status>(client, GET_STATUS, { entityRef });
      const running =
        answer.output?.clusters.some(c => c.deployments.length > 0) ?? false;
      if (running || Date.now() > deadline) return answer;
      await new Promise(r => setTimeout(r, 2000));
    }
  }

  beforeAll(async () => {
    sandbox = await startSandbox({
      ports: 'random',
      prometheus: false,
      control: false,
      clusters: ['prod'],
    });
    backend = await startMcpBackend(sandbox);
    const [a, g, m] = await Promise.all([
      // The catalog ingests the demo services first: on a loaded machine that takes minutes.
      backend.signIn('alice', 300_000),
      backend.signIn('guest', 300_000),
      backend.signIn('mallory', 300_000),
    ]);
    secrets.push(
      ...[a, g, m].map(s => s.authorization.replace(/^Bearer /, '')),
      SANDBOX_TOKENS.kubernetes,
      SANDBOX_TOKENS.argocd,
      SANDBOX_TOKENS.argocdReadOnly,
      SANDBOX_TOKENS.vault,
      SANDBOX_TOKENS.github,
      SANDBOX_TOKENS.aws.secretAccessKey,
      sandbox.clusters.prod.token,
    );
    alice = await connectAgent(backend.baseUrl, a.authorization);
    guest = await connectAgent(backend.baseUrl, g.authorization);
    mallory = await connectAgent(backend.baseUrl, m.authorization);
    malloryAuthorization = m.authorization;
  }, 600_000);

  afterAll(async () => {
    await Promise.all([alice?.close(), guest?.close(), mallory?.close()]);
    await backend?.stop();
    await sandbox?.stop();
  }, 60_000);

  it('lists the read tools with their read-only, idempotent attributes', async () => {
    const { tools } = await alice.listTools();
    answers.push(JSON.stringify(tools));
    const read = READ_TOOLS.map(name => tools.find(t => t.name === name)!);
    expect(read.map(t => [t?.name, t?.annotations])).toEqual(
      READ_TOOLS.map(name => [
        name,
        expect.objectContaining({
          readOnlyHint: true,
          idempotentHint: true,
          destructiveHint: false,
        }),
      ]),
    );
    for (const tool of read) {
      expect(tool.description!.length).toBeGreaterThan(80);
      expect(tool.inputSchema.type).toBe('object');
    }
  });

  it("answers a service's readiness scorecard: score per environment, failing rules with why and fix", async () => {
    const degraded = sandbox.fleet.services.find(
      s => s.source === 'catalog' && s.faults.lowAvailability,
    )!.name;
    await runningStatus(alice, degraded);
    const answer = await call<Scorecard>(alice, GET_SCORECARD, {
      entityRef: degraded,
    });
    expect(answer).toHaveProperty('output');
    const card = (answer as { output: Scorecard }).output;
    expect(card.entityRef).toBe(`component:default/${degraded}`);
    const prod = card.environments.find(e => e.environment === 'prod')!;
    expect(prod).toBeDefined();
    // Judged: some rule has a known outcome in prod, and every failing one says why and how to fix it.
    expect(prod.counts.pass + prod.counts.fail).toBeGreaterThan(0);
    expect(prod.failing).toHaveLength(prod.counts.fail);
    for (const rule of prod.failing) {
      expect(rule.reasons.length).toBeGreaterThan(0);
      expect(rule.why.length).toBeGreaterThan(10);
      expect(rule.fix.length).toBeGreaterThan(10);
    }
    // Compact: no history, image scans or passing rules.
    expect(JSON.stringify(card)).not.toMatch(
      /"history"|"images"|"pass"\s*:\s*\{/,
    );

    // Another team's private service does not exist for alice, as on /v1/scorecard.
    const ref = 'component:default/ledger-private';
    expect(
      await call<Scorecard>(alice, GET_SCORECARD, { entityRef: ref }),
    ).toEqual({ error: `NotFoundError: Entity ${ref} not found` });
    expect(
      await call<Scorecard>(guest, GET_SCORECARD, { entityRef: ref }),
    ).toMatchObject({ output: { entityRef: ref } });
  });

  it('refuses an agent without a token', async () => {
    await expect(connectAgent(backend.baseUrl)).rejects.toThrow(
      /401|Unauthorized|authenticat/i,
    );
  });

  it("answers a service's judged status: level, reasons, per-source verdicts, replicas per cluster", async () => {
    const degraded = sandbox.fleet.services.find(
      s => s.source === 'catalog' && s.faults.lowAvailability,
    )!.name;
    const answer = await runningStatus(alice, degraded);
    expect(answer).toHaveProperty('output');
    const status = (answer as { output: Status }).output;
    expect(status.entityRef).toBe(`component:default/${degraded}`);
    // The sandbox degrades this service in prod: it is not healthy, and says why.
    expect(['warning', 'critical']).toContain(status.health.level);
    expect(status.health.reasons.join('\n')).toMatch(/prod/);
    expect(status.sources.map(s => s.id)).toEqual([
      'autoscaling',
      'disruption-budget',
      'alerts',
      'traces',
      'argocd',
      'zone-spread',
    ]);
    // Unconfigured sources say so instead of pretending to be healthy.
    expect(status.sources.find(s => s.id === 'traces')).toMatchObject({
      state: 'not-configured',
      level: 'unknown',
    });
    const prod = status.clusters.find(c => c.cluster === 'prod')!;
    const deployment = prod.deployments.find(d => d.name === degraded)!;
    expect(deployment.desired).toBeGreaterThan(0);
    expect(deployment.ready).toBeLessThanOrEqual(deployment.desired);
    // Compact: no pods, images, labels or raw objects.
    expect(JSON.stringify(status)).not.toMatch(
      /"pods"|"images"|"labels"|"metadata"/,
    );
  });

  it("lists a team's unhealthy services in a cluster, worst first", async () => {
    const degraded = sandbox.fleet.services.find(
      s => s.source === 'catalog' && s.faults.lowAvailability,
    )!;
    await runningStatus(alice, degraded.name);
    const answer = await call<Unhealthy>(alice, LIST_UNHEALTHY, {
      owner: degraded.owner,
      cluster: 'prod',
    });
    expect(answer).toHaveProperty('output');
    const { checked, services } = (answer as { output: Unhealthy }).output;
    expect(checked).toBeGreaterThan(0);
    expect(services.map(s => s.entityRef)).toContain(
      `component:default/${degraded.name}`,
    );
    for (const s of services) {
      expect(s.owner).toBe(
        degraded.owner.includes(':')
          ? degraded.owner
          : `group:default/${degraded.owner}`,
      );
      expect(s.clusters).toContain('prod');
      expect(s.level).not.toBe('healthy');
      expect(s.reasons.length).toBeGreaterThan(0);
    }
    const severity = ['unknown', 'warning', 'pending', 'critical'];
    const levels = services.map(s => severity.indexOf(s.level));
    expect(levels).toEqual([...levels].sort((a, b) => b - a));
  });

  it("refuses another team's private service as if it did not exist, and serves it to its owners", async () => {
    const ref = 'component:default/ledger-private';
    const refused = await call<Status>(alice, GET_STATUS, { entityRef: ref });
    expect(refused).toEqual({
      error: `NotFoundError: Entity ${ref} not found`,
    });
    const listed = await call<Unhealthy>(alice, LIST_UNHEALTHY, {
      owner: 'team-commerce',
    });
    expect(
      (listed as { output: Unhealthy }).output.services.map(s => s.entityRef),
    ).not.toContain(ref);

    const owners = await call<Status>(guest, GET_STATUS, { entityRef: ref });
    expect(owners).toMatchObject({ output: { entityRef: ref } });
    const ownersList = await call<Unhealthy>(guest, LIST_UNHEALTHY, {
      owner: 'team-commerce',
    });
    // Registered but running nowhere: pending.
    expect(
      (ownersList as { output: Unhealthy }).output.services.find(
        s => s.entityRef === ref,
      ),
    ).toMatchObject({ level: 'pending' });
  });

  it('caps a whole-fleet question, says so, and refuses plainly once the caller spent their rate limit', async () => {
    // This backend's limits: 20 services per call, 60 reads at once, 1 per second.
    const first = await call<Unhealthy>(mallory, LIST_UNHEALTHY, {});
    expect(first).toHaveProperty('output');
    const answer = (first as { output: Unhealthy }).output;
    expect(answer.checked).toBe(20);
    expect(answer.matched).toBeGreaterThan(20);
    expect(answer.note).toMatch(
      new RegExp(
        `^Only 20 of the ${answer.matched} matching services were checked`,
      ),
    );
    // Two more whole-fleet calls spend the bucket (60); the next is refused.
    for (let i = 0; i < 2; i++)
      expect(await call<Unhealthy>(mallory, LIST_UNHEALTHY, {})).toHaveProperty(
        'output',
      );
    const refused = await call<Unhealthy>(mallory, LIST_UNHEALTHY, {});
    expect(refused).toEqual({
      error: expect.stringMatching(
        /^ServiceUnavailableError: Too many status reads: each caller may read 1 entity statuses per second, 60 at once \(eksPlatform\.status\.rateLimit\); this request reads 20\. Retry after \d+ s\.$/,
      ),
    });
    // The HTTP API draws on the same bucket: the fleet query is refused too.
    const res = await fetch(
      `${backend.baseUrl}/api/eks-platform/v1/status/query`,
      {
        method: 'POST',
        headers: {
          Authorization: malloryAuthorization,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          entityRefs: sandbox.fleet.services
            .filter(s => s.source === 'catalog')
            .slice(0, 20)
            .map(s => `component:default/${s.name}`),
          view: 'summary',
        }),
      },
    );
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
  });

  it('turns bad input into a plain error before reading anything', async () => {
    const answer = await call<Status>(alice, GET_STATUS, {
      entityRef: 'component:default/',
    });
    expect(answer).toEqual({ error: expect.stringMatching(/^InputError: /) });
  });

  it('lists the eks:* write tools as idempotent and destructive (they reconcile)', async () => {
    const { tools } = await guest.listTools();
    answers.push(JSON.stringify(tools));
    const writes = tools.filter(t => WRITE_TOOLS.includes(t.name));
    expect(writes.map(t => t.name).sort()).toEqual([...WRITE_TOOLS].sort());
    for (const tool of writes) {
      expect(tool.annotations).toMatchObject({
        readOnlyHint: false,
        idempotentHint: true,
        destructiveHint: true,
      });
      expect(tool.description).toMatch(/member of the service's owning group/);
    }
  });

  it("refuses a write on another team's service before anything is written, and lets its owners write", async () => {
    // ledger-private belongs to team-commerce; alice is in team-storefront. Not a
    // running demo service: the image scans of running services create their
    // repositories in the sandbox ECR (as CI's pushes would), unmarked.
    const writesBefore = sandbox.ecr.writeRequests.length;
    const repositoriesBefore = JSON.stringify(sandbox.ecr.repositories());
    const refused = await call<object>(alice, ECR_CREATE, {
      repositoryName: 'ledger-private',
    });
    expect(refused).toEqual({
      error: expect.stringMatching(/^NotAllowedError: .*team-commerce/),
    });
    expect(JSON.stringify(sandbox.ecr.repositories())).toBe(repositoriesBefore);
    expect(sandbox.ecr.writeRequests.length).toBe(writesBefore);

    const created = await call<{ repositoryUri: string }>(guest, ECR_CREATE, {
      repositoryName: 'ledger-private',
    });
    expect(created).toEqual({
      output: expect.objectContaining({
        repositoryUri:
          '123456789012.dkr.ecr.eu-west-1.amazonaws.com/ledger-private',
      }),
    });
    // Idempotent: the same call again reconciles to the same repository.
    const again = await call<{ repositoryUri: string }>(guest, ECR_CREATE, {
      repositoryName: 'ledger-private',
    });
    expect(again).toEqual(created);
    expect(
      (sandbox.ecr.repositories() as Array<{ repositoryName: string }>).filter(
        r => r.repositoryName === 'ledger-private',
      ),
    ).toHaveLength(1);
  });

  it("lists the template upgrade as a non-destructive write, and refuses to preview or open another team's upgrade", async () => {
    const { tools } = await alice.listTools();
    answers.push(JSON.stringify(tools));
    expect(
      tools.find(t => t.name === TEMPLATE_UPGRADE)?.annotations,
    ).toMatchObject({
      readOnlyHint: false,
      idempotentHint: true,
      destructiveHint: false,
    });
    // order-service belongs to team-commerce; alice is in team-storefront.
    const githubWrites = () => sandbox.github.writeRequests.length;
    const before = githubWrites();
    for (const tool of [PREVIEW_UPGRADE, TEMPLATE_UPGRADE]) {
      const refused = await call<object>(alice, tool, {
        entityRef: 'component:default/order-service',
      });
      expect(refused).toEqual({
        error: expect.stringMatching(/^NotAllowedError: .*team-commerce/),
      });
    }
    expect(githubWrites()).toBe(before);
  });

  it('never puts a token or secret in any answer', () => {
    expect(answers.length).toBeGreaterThan(5);
    const all = answers.join('\n');
    for (const secret of secrets) expect(all).not.toContain(secret);
  });
});
