import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  ecrSimulatorAwsConfig,
  GitHubSimulator,
} from '@internal/eks-platform-sandbox';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import {
  FLEET,
  fleetConfig,
  fleetEntity,
  fleetWrites,
  MINI_TEMPLATE_ENTITY,
  miniTemplateRepository,
  startFleetGitHub,
  SYSTEM,
} from './__testUtils__/miniFleet';
import { ALICE, ORGANISATION } from './__testUtils__/trust';
import { scaffolderModuleEksPlatform } from './module';

/*
 * templates/upgrade-services/template.yaml as the portal runs it: the real
 * scaffolder backend with the eks:* actions, the sandbox GitHub (real git)
 * holding three services of two teams in one system, generated at 1.0.0 of
 * a template whose history has 1.1.0. The user of team-a upgrades the
 * system: a preview writes nothing, then only team-a's services get a pull
 * request and team-b's is listed as refused with the reason.
 */

// Real backend, real git for the history, the merges and the simulator.
jest.setTimeout(180_000);

const TEMPLATE_FILE = path.resolve(
  __dirname,
  '../../../templates/upgrade-services/template.yaml',
);

/** The task completed; else its log, to say why. */
function expectCompleted(run: { task: { status: string }; log: string[] }) {
  if (run.task.status !== 'completed') {
    throw new Error(`The task ${run.task.status}:\n${run.log.join('\n')}`);
  }
}

describe('the "Upgrade services" template in the real scaffolder', () => {
  let templateRepo: string;
  let github: GitHubSimulator;

  beforeAll(async () => {
    templateRepo = miniTemplateRepository();
    github = await startFleetGitHub(templateRepo);
  });
  afterAll(async () => {
    await github?.close();
    fs.rmSync(templateRepo, { recursive: true, force: true });
  });

  async function startBackend() {
    const template = yaml.parse(fs.readFileSync(TEMPLATE_FILE, 'utf8'));
    return startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleEksPlatform,
        catalogServiceMock.factory({
          entities: [
            {
              ...template,
              metadata: { ...template.metadata, namespace: 'default' },
            },
            MINI_TEMPLATE_ENTITY,
            ...ORGANISATION,
            ...FLEET.map(s => fleetEntity(github, s)),
          ],
        }),
        mockServices.rootConfig.factory({
          data: fleetConfig(github, templateRepo, {
            // The module's other actions need their upstreams configured to
            // start; nothing here calls them (nothing listens there).
            aws: ecrSimulatorAwsConfig(),
            eksPlatform: {
              gitops: { repoUrl: `${github.host}?owner=platform&repo=gitops` },
              ecr: {
                region: 'eu-west-1',
                accountId: '123456789012',
                endpoint: 'http://127.0.0.1:9',
              },
              vault: {
                url: 'http://127.0.0.1:9',
                auth: {
                  method: 'approle',
                  roleId: 'unused-role-id',
                  secretId: 'unused-secret-id',
                },
              },
            },
          }),
        }),
      ],
    });
  }

  async function run(server: any, values: Record<string, unknown>) {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({ templateRef: 'template:default/upgrade-services', values });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    for (;;) {
      const res = await request(server)
        .get(`/api/scaffolder/v2/tasks/${id}`)
        .set('Authorization', mockCredentials.user.header(ALICE));
      if (['completed', 'failed', 'cancelled'].includes(res.body.status)) {
        const events = await request(server)
          .get(`/api/scaffolder/v2/tasks/${id}/events`)
          .set('Authorization', mockCredentials.user.header(ALICE));
        // Log lines as the task page shows them, without colour and level.
        const log: string[] = events.body.map((e: any) =>
          String(e.body.message)
            // eslint-disable-next-line no-control-regex
            .replace(/\x1b\[[0-9;]*m/g, '')
            .replace(/^(info|warn|error): /, ''),
        );
        // The task page reads the output from the completion event.
        const completion = events.body.find(
          (e: any) => e.type === 'completion',
        );
        return { task: res.body, log, output: completion?.body.output ?? {} };
      }
      await new Promise(r => setTimeout(r, 200));
    }
  }

  it("previews a system of two teams, then opens pull requests for the caller's team only", async () => {
    const backend = await startBackend();
    try {
      const selection = {
        mode: 'selection',
        system: SYSTEM,
        onlyBehind: true,
      };
      // The form's default: preview only.
      const preview = await run(backend.server, { ...selection, dryRun: true });
      expectCompleted(preview);
      const previewText = preview.output.text?.[0]?.content as string;
      expect(previewText).toContain(
        '3 service(s) previewed: 2 dry-run, 1 refused.',
      );
      expect(previewText).toMatch(
        /\| billing \| refused \|.*user:default\/alice is not a member of group:default\/team-b/,
      );
      expect(previewText).toContain('ErrorBudgetBurnRate');
      expect(previewText).not.toContain('/pull/');
      expect(Object.values(await fleetWrites(github))).toEqual(
        FLEET.map(() => ({ pulls: 0, branches: ['main'] })),
      );

      const upgrade = await run(backend.server, {
        ...selection,
        dryRun: false,
      });
      expectCompleted(upgrade);
      // Progress per service on the task page, in order.
      expect(
        upgrade.log.filter((l: string) =>
          /^\[\d\/3\] component:default\/\w+: (created|refused)/.test(l),
        ),
      ).toEqual([
        expect.stringMatching(
          /^\[1\/3\] component:default\/billing: refused: user:default\/alice is not a member/,
        ),
        expect.stringMatching(
          /^\[2\/3\] component:default\/ledger: created http/,
        ),
        expect.stringMatching(
          /^\[3\/3\] component:default\/orders: created http/,
        ),
      ]);
      const text = upgrade.output.text?.[0]?.content as string;
      expect(text).toContain('3 service(s): 2 created, 1 refused.');
      expect(text).toMatch(
        /\| ledger \| created \| v1\.0\.0 → v1\.1\.0 \| \[#1\]\(http/,
      );
      // Each pull request is a link in the table.
      expect(text).toMatch(
        /\| ledger \| created .*\[#1\]\(http:\/\/[^)]+\/acme\/ledger\/pull\/1\)/,
      );
      expect(text).toMatch(
        /\| orders \| created .*\[#1\]\(http:\/\/[^)]+\/acme\/orders\/pull\/1\)/,
      );
      const upgraded = {
        pulls: 1,
        branches: ['main', 'template-upgrade/v1.1.0'],
      };
      expect(await fleetWrites(github)).toEqual({
        orders: upgraded,
        ledger: upgraded,
        billing: { pulls: 0, branches: ['main'] },
      });
    } finally {
      await backend.stop();
    }
  });

  it('upgrades one service picked in the form', async () => {
    const backend = await startBackend();
    try {
      const one = await run(backend.server, {
        mode: 'one',
        entityRef: 'component:default/orders',
        dryRun: false,
      });
      expectCompleted(one);
      // The first test opened it: the same pull request, found unchanged.
      expect(one.output.text?.[0]?.content).toContain(
        '1 service(s): 1 unchanged.',
      );
      expect(one.output.text?.[0]?.content).toMatch(
        /\| orders \| unchanged .*\[#1\]\(http:\/\/[^)]+\/acme\/orders\/pull\/1\)/,
      );
    } finally {
      await backend.stop();
    }
  });
});
