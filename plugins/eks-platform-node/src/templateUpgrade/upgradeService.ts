import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { TEMPLATE_RECORD_PATH } from '@internal/backstage-plugin-eks-platform-common';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ChangeAuthorship } from '../clients/github/changeAuthorship';
import { GithubClient } from '../clients/github/GithubClient';
import { proposeChange } from '../clients/github/proposeChange';
import { changelogExcerpt } from './changelog';
import { conflictsOf, upgradePullRequestBody } from './pullRequestBody';
import { renderTemplate } from './renderTemplate';
import { readBranch, readBranchFiles } from './repositoryFiles';
import { TemplateAtVersion, TemplateHistory } from './templateHistory';
import {
  createTemplateRecord,
  parseTemplateRecord,
  TemplateRecord,
} from './templateRecord';
import { readTemplateDefinition, valuesForVersion } from './templateSteps';
import {
  compareTemplateVersions,
  requireTemplateVersion,
} from './templateVersion';
import { FileOutcome, mergeTemplateUpgrade } from './threeWayMerge';
import { upgradeDiff } from './upgradeDiff';

/** The branch of the upgrade pull request to `version`: one per service and version. */
export function upgradeBranch(version: string): string {
  return `template-upgrade/v${version}`;
}

export interface UpgradeServiceRequest {
  gh: GithubClient;
  integrations: ScmIntegrations;
  /** The template's versions (its git history). */
  history: TemplateHistory;
  /** The entity ref of the template `history` holds, e.g. template:default/eks-service. */
  templateRef: string;
  /** Default: the newest version in `history` (or `target`'s). */
  targetVersion?: string;
  /** A target outside the history (the working tree, in the template verification). */
  target?: TemplateAtVersion;
  /** Values the platform team sets for the target version (new parameters). */
  values?: Record<string, unknown>;
  /** A repository without a record: the version it was made from and its values (platform admins). */
  adopt?: { version: string; values: Record<string, unknown> };
  /** Return the diff and the description without writing anything. */
  dryRun: boolean;
  /** Who writes the upgrade branch (see proposeChange). */
  authorship: ChangeAuthorship;
}

export interface UpgradeServiceResult {
  /** `up-to-date`: the repository is at the target already; nothing to propose. */
  status: 'up-to-date' | 'dry-run' | 'created' | 'updated' | 'unchanged';
  fromVersion: string;
  toVersion: string;
  branch: string;
  /** Unified diff of the upgrade against the default branch. */
  diff: string;
  conflicts: string[];
  outcomes: Record<string, FileOutcome>;
  /** The pull request description (also in a dry run). */
  body: string;
  /** The template changelog's sections between the two versions (markdown). */
  changelog: string;
  pullRequestUrl?: string;
  pullRequestNumber?: number;
}

/** Reads and checks the repository's record, or builds the adopted one. */
async function recordOf(
  request: UpgradeServiceRequest,
  branch: Awaited<ReturnType<typeof readBranch>>,
): Promise<TemplateRecord> {
  const { gh, adopt } = request;
  const repo = `${gh.ref.owner}/${gh.ref.repo}`;
  const existing = branch.entries.has(TEMPLATE_RECORD_PATH);
  if (adopt) {
    if (existing) {
      throw new ConflictError(
        `${repo} already records its template in ${TEMPLATE_RECORD_PATH}; adoption is only for repositories without a record. Run the upgrade without "adopt".`,
      );
    }
    return createTemplateRecord({
      templateRef: request.templateRef,
      templateVersion: requireTemplateVersion('"adopt.version"', adopt.version),
      values: adopt.values,
    });
  }
  if (!existing) {
    throw new NotFoundError(
      `${repo} has no ${TEMPLATE_RECORD_PATH} on ${branch.branch}, so nobody knows which template version it was made from. It was made before template versions were recorded, or not from a template. A platform admin can adopt it: run eks:template:upgrade with "adopt": { "version": "<the version it was made from>" } to record it.`,
    );
  }
  const [file] = (
    await readBranchFiles(gh, branch, [TEMPLATE_RECORD_PATH])
  ).values();
  const record = parseTemplateRecord(file.content);
  if (record.templateRef !== request.templateRef) {
    throw new InputError(
      `${repo} was made from ${record.templateRef}, not ${request.templateRef}; upgrade it with its own template.`,
    );
  }
  return record;
}

/**
 * Upgrades one service's repository from the template version it records
 * to a target version: renders both versions with the recorded values
 * (scaffolder's fetch:template), merges three ways with git against the
 * default branch, and proposes the result as one pull request per target
 * version (`template-upgrade/v<version>`), or returns the diff in a dry run.
 * Re-running updates the same pull request.
 */
export async function upgradeService(
  request: UpgradeServiceRequest,
): Promise<UpgradeServiceResult> {
  const { gh, history, integrations } = request;
  const branch = await readBranch(gh);
  const record = await recordOf(request, branch);
  const toVersion =
    request.target?.version ??
    (request.targetVersion !== undefined
      ? requireTemplateVersion('"targetVersion"', request.targetVersion)
      : (await history.versions()).pop());
  if (!toVersion) {
    throw new NotFoundError(
      `The history of ${request.templateRef} has no versioned template.yaml.`,
    );
  }
  const fromVersion = record.templateVersion;
  if (compareTemplateVersions(toVersion, fromVersion) < 0) {
    throw new InputError(
      `${gh.ref.owner}/${gh.ref.repo} is on v${fromVersion}, newer than the target v${toVersion}; upgrades never go back.`,
    );
  }
  const base = {
    fromVersion,
    toVersion,
    branch: upgradeBranch(toVersion),
  };
  if (toVersion === fromVersion && !request.adopt) {
    return {
      status: 'up-to-date',
      ...base,
      diff: '',
      conflicts: [],
      outcomes: {},
      body: '',
      changelog: '',
    };
  }

  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'template-upgrade-'));
  try {
    const old = await history.checkout(
      fromVersion,
      path.join(workDir, 'templates'),
    );
    const next =
      request.target ??
      (await history.checkout(toVersion, path.join(workDir, 'templates')));
    const oldDefinition = await readTemplateDefinition(old);
    const nextDefinition = await readTemplateDefinition(next);
    const template = (version: string) => ({
      ref: record.templateRef,
      version,
    });
    const baseTree = await renderTemplate({
      template: old,
      definition: oldDefinition,
      values: { ...record.values, template: template(fromVersion) },
      integrations,
      workDir: path.join(workDir, 'render-base'),
    });
    const nextValues = valuesForVersion(
      nextDefinition,
      record.values,
      request.values,
    );
    const theirsTree = await renderTemplate({
      template: next,
      definition: nextDefinition,
      values: { ...nextValues.values, template: template(toVersion) },
      integrations,
      workDir: path.join(workDir, 'render-target'),
    });
    const ours = await readBranchFiles(
      gh,
      branch,
      new Set([...baseTree.keys(), ...theirsTree.keys()]),
      [baseTree, theirsTree],
    );
    const merge = await mergeTemplateUpgrade({
      base: baseTree,
      theirs: theirsTree,
      ours,
      workDir: path.join(workDir, 'merge'),
      alwaysTheirs: [TEMPLATE_RECORD_PATH],
    });
    const outcomes = Object.fromEntries(merge.outcomes);
    const conflicts = conflictsOf(merge.outcomes);
    const changelog = await fs
      .readFile(path.join(next.dir, 'CHANGELOG.md'), 'utf8')
      .then(text => changelogExcerpt(text, fromVersion, toVersion))
      .catch(() => '');
    const body = upgradePullRequestBody({
      templateRef: record.templateRef,
      fromVersion,
      toVersion,
      adopted: !!request.adopt,
      changelog,
      outcomes: merge.outcomes,
      defaulted: nextValues.defaulted,
      missing: nextValues.missing,
    });
    if (!merge.writes.size && !merge.deletions.length) {
      return {
        status: 'up-to-date',
        ...base,
        diff: '',
        conflicts,
        outcomes,
        body,
        changelog,
      };
    }
    const diff = await upgradeDiff({
      ours,
      merge,
      workDir: path.join(workDir, 'diff'),
    });
    if (request.dryRun) {
      return {
        status: 'dry-run',
        ...base,
        diff,
        conflicts,
        outcomes,
        body,
        changelog,
      };
    }
    const files: Record<string, string> = {};
    const executablePaths: string[] = [];
    for (const [file, f] of merge.writes) {
      files[file] = f.content;
      if (f.executable) executablePaths.push(file);
    }
    const result = await proposeChange(gh, {
      branch: base.branch,
      baseBranch: branch.branch,
      title: `Template upgrade: ${
        record.templateRef
      } v${fromVersion} → v${toVersion}${
        conflicts.length
          ? ` (${conflicts.length} conflict${
              conflicts.length === 1 ? '' : 's'
            })`
          : ''
      }`,
      body,
      commitMessage: `Upgrade to ${
        record.templateRef
      } v${toVersion}\n\nFrom v${fromVersion}; ${
        conflicts.length
          ? `conflict markers left in: ${conflicts.join(', ')}`
          : 'no conflicts'
      }.`,
      files,
      executablePaths,
      deletions: merge.deletions,
      authorship: request.authorship,
    });
    return {
      status: result.status === 'up-to-date' ? 'up-to-date' : result.status,
      ...base,
      diff,
      conflicts,
      outcomes,
      body,
      changelog,
      pullRequestUrl: result.pullRequestUrl,
      pullRequestNumber: result.pullRequestNumber,
    };
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}
