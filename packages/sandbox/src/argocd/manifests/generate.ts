import fs from 'node:fs';
import path from 'node:path';
import type { KubeObject } from '../../kubernetes/kubeClient';
import type { Application, ApplicationSource } from '../types';
import { applicationSources } from '../validation';
import { directoryManifests, DirectoryOptions } from './directory';
import { helmManifests, HelmSourceOptions } from './helm';
import { ManifestError, resolveInside } from './paths';

/*
 * The desired state of an Application at given revisions: each source
 * checked out at its commit and rendered by type (Helm when the path holds
 * a Chart.yaml or the source has `helm` settings, otherwise a directory of
 * manifests), then concatenated in source order, as Argo CD's repo server
 * generates manifests for multi-source Applications. Sources with only a
 * `ref` provide value files to the others and render nothing themselves.
 */

export interface RenderContext {
  /** Where namespaced objects without a namespace go (the destination namespace). */
  namespace: string;
  /** `--kube-version` (the destination's server version). */
  kubeVersion?: string;
  /** `--api-versions` (what the destination serves). */
  apiVersions: string[];
  checkout(repoURL: string, commit: string): Promise<string>;
}

function isHelm(source: ApplicationSource, dir: string): boolean {
  return (
    source.helm !== undefined || fs.existsSync(path.join(dir, 'Chart.yaml'))
  );
}

function isKustomize(dir: string): boolean {
  return ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some(f =>
    fs.existsSync(path.join(dir, f)),
  );
}

async function renderSource(
  app: Pick<Application, 'metadata' | 'spec'>,
  source: ApplicationSource,
  root: string,
  refs: Map<string, string>,
  ctx: RenderContext,
): Promise<KubeObject[]> {
  const dir = resolveInside(root, source.path ?? '.', 'app path');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ManifestError(
      `app path ${JSON.stringify(source.path ?? '.')} does not exist`,
    );
  }
  if (isHelm(source, dir)) {
    return helmManifests({
      chartDir: dir,
      repoRoot: root,
      refs,
      helm: (source.helm ?? {}) as HelmSourceOptions,
      appName: app.metadata.name,
      namespace: ctx.namespace,
      kubeVersion: ctx.kubeVersion,
      apiVersions: ctx.apiVersions,
    });
  }
  if (isKustomize(dir)) {
    throw new ManifestError(
      'kustomize is not available in the sandbox: use a Helm chart or a directory of manifests',
    );
  }
  return directoryManifests(dir, (source.directory ?? {}) as DirectoryOptions);
}

export async function generateManifests(
  app: Pick<Application, 'metadata' | 'spec'>,
  revisions: string[],
  ctx: RenderContext,
): Promise<KubeObject[]> {
  const sources = applicationSources(app);
  if (sources.length === 0) {
    throw new ManifestError('the application has no source');
  }
  const roots: string[] = [];
  const refs = new Map<string, string>();
  for (const [i, source] of sources.entries()) {
    if (source.chart) {
      throw new ManifestError(
        `failed to generate manifest for source ${i + 1} of ${
          sources.length
        }: Helm repository charts (source.chart) are not served by the sandbox's repo server; use a Git source with a path`,
      );
    }
    try {
      roots.push(await ctx.checkout(source.repoURL, revisions[i]));
    } catch (error) {
      throw new ManifestError(
        `failed to generate manifest for source ${i + 1} of ${
          sources.length
        }: ${(error as Error).message}`,
      );
    }
    if (source.ref) refs.set(source.ref, roots[i]);
  }
  const objects: KubeObject[] = [];
  for (const [i, source] of sources.entries()) {
    if (source.ref && source.path === undefined) continue;
    try {
      objects.push(...(await renderSource(app, source, roots[i], refs, ctx)));
    } catch (error) {
      throw new ManifestError(
        `failed to generate manifest for source ${i + 1} of ${
          sources.length
        }: ${(error as Error).message}`,
      );
    }
  }
  return objects;
}
