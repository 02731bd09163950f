import { LoggerService } from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { TemplateAtVersion } from './templateHistory';
import { TemplateDefinition } from './templateSteps';

/** A generated file: its bytes as UTF-8 text and whether it is executable. */
export interface RenderedFile {
  content: string;
  executable: boolean;
}

/** Repository-relative path ('/'-separated) → file. */
export type RenderedTree = Map<string, RenderedFile>;

const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

/**
 * Renders a template version's skeleton exactly as the golden path does:
 * through the scaffolder's own `fetch:template` action (its sandboxed
 * nunjucks, default filters such as parseRepoUrl, and file-name templating),
 * replaying the template's fetch:template inputs with `values`. Nothing of
 * the renderer is re-implemented here.
 */
export async function renderTemplate(options: {
  template: TemplateAtVersion;
  definition: TemplateDefinition;
  values: Record<string, unknown>;
  integrations: ScmIntegrations;
  /** An empty folder this call may fill (the workspace and scratch space). */
  workDir: string;
}): Promise<RenderedTree> {
  const { template, definition, values, integrations, workDir } = options;
  const action = createFetchTemplateAction({
    // A relative url with a file:// base is copied from disk: no reader call.
    reader: {
      readUrl: () => Promise.reject(new Error('not used')),
      readTree: () => Promise.reject(new Error('not used')),
      search: () => Promise.reject(new Error('not used')),
    },
    integrations,
  });
  const workspacePath = path.join(workDir, 'workspace');
  await fs.mkdir(workspacePath, { recursive: true });
  let temporary = 0;
  const createTemporaryDirectory = async () => {
    const dir = path.join(workDir, `tmp-${temporary++}`);
    await fs.mkdir(dir, { recursive: true });
    return dir;
  };
  for (const step of definition.skeletonSteps) {
    const context = {
      input: { ...step.input, values },
      workspacePath,
      logger: silentLogger,
      logStream: new Writable({ write: (_c, _e, cb) => cb() }),
      output: () => {},
      // fetchContents slices "file://" off the base and takes its dirname.
      templateInfo: {
        entityRef: 'template:default/upgrade',
        baseUrl: `file://${path.join(template.dir, 'template.yaml')}`,
      },
      createTemporaryDirectory,
      checkpoint: async ({ fn }: { fn: () => unknown }) => fn(),
      getInitiatorCredentials: async () => ({
        $$type: '@backstage/BackstageCredentials',
        principal: { type: 'none' },
      }),
      isDryRun: false,
      task: { id: 'template-upgrade' },
      signal: undefined,
      each: undefined,
      secrets: {},
    };
    await action.handler(context as any);
  }
  return readTree(workspacePath);
}

/** Every file below `root`, by '/'-separated relative path. */
export async function readTree(root: string): Promise<RenderedTree> {
  const tree: RenderedTree = new Map();
  async function walk(dir: string) {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(full);
      } else if (entry.isFile()) {
        const stat = await fs.stat(full);
        tree.set(path.relative(root, full).split(path.sep).join('/'), {
          content: await fs.readFile(full, 'utf8'),
          executable: (stat.mode & 0o111) !== 0,
        });
      }
    }
  }
  await walk(root);
  return tree;
}
