import { ScmIntegrations } from '@backstage/integration';
import type { GitHubSimulator } from '@internal/eks-platform-sandbox';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runGit } from '../templateUpgrade/git';
import { sandboxGithubConfig } from './sandboxClients';
import { renderTemplate } from '../templateUpgrade/renderTemplate';
import { GitTemplateHistory } from '../templateUpgrade/templateHistory';
import { readTemplateDefinition } from '../templateUpgrade/templateSteps';

/** The versions of the mini template, one folder each (oldest first). */
export const MINI_TEMPLATE_FIXTURES = path.resolve(
  __dirname,
  '../templateUpgrade/__fixtures__/mini-template',
);
export const MINI_TEMPLATE_REF = 'template:default/mini-service';

/**
 * A real git repository whose history holds the mini template's versions as
 * successive commits of `templates/mini-service`, as a platform's template
 * repository would, and a GitTemplateHistory over it.
 */
export async function miniTemplateRepository(versions = ['v1.0.0', 'v1.1.0']) {
  const gitDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mini-template-'));
  const templatePath = 'templates/mini-service';
  await runGit(['init', '--quiet', '--initial-branch=main'], { cwd: gitDir });
  await fs.writeFile(path.join(gitDir, 'README.md'), '# templates\n');
  for (const version of versions) {
    const target = path.join(gitDir, templatePath);
    await fs.rm(target, { recursive: true, force: true });
    await fs.cp(path.join(MINI_TEMPLATE_FIXTURES, version), target, {
      recursive: true,
    });
    await runGit(['add', '--all'], { cwd: gitDir });
    await runGit(['commit', '--quiet', '-m', `mini-service ${version}`], {
      cwd: gitDir,
    });
  }
  return {
    gitDir,
    history: new GitTemplateHistory({ gitDir, templatePath }),
    cleanup: () => fs.rm(gitDir, { recursive: true, force: true }),
  };
}

/** Integrations of the simulator's host: the skeleton's parseRepoUrl needs one. */
export function simulatorIntegrations(github: GitHubSimulator) {
  return ScmIntegrations.fromConfig(sandboxGithubConfig(github));
}

/** The files the golden path would generate at `version` (what publish:github pushes). */
export async function generateAt(
  history: GitTemplateHistory,
  version: string,
  values: Record<string, unknown>,
  integrations: ScmIntegrations,
): Promise<Record<string, string>> {
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mini-generate-'));
  try {
    const template = await history.checkout(version, workDir);
    const tree = await renderTemplate({
      template,
      definition: await readTemplateDefinition(template),
      values: {
        ...values,
        template: { ref: MINI_TEMPLATE_REF, version },
      },
      integrations,
      workDir: path.join(workDir, 'render'),
    });
    return Object.fromEntries([...tree].map(([file, f]) => [file, f.content]));
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}
