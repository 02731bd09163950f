import { FileOutcome } from './threeWayMerge';

const OUTCOME_TEXT: Record<FileOutcome, string> = {
  added: 'added by the template',
  updated: 'taken from the template (you had not changed it)',
  merged: "merged: the template's and your changes, no overlap",
  conflict: 'CONFLICT: both changed the same lines; markers left in the file',
  removed: 'removed by the template (you had not changed it)',
  'kept-deleted': 'you deleted it: stays deleted',
  'kept-changed': 'the template removed it, but you changed it: kept',
};

/** Conflicting paths, sorted. */
export function conflictsOf(outcomes: Map<string, FileOutcome>): string[] {
  return [...outcomes]
    .filter(([, o]) => o === 'conflict')
    .map(([p]) => p)
    .sort();
}

/**
 * The pull request's description: what changed in the template (its
 * changelog between the two versions), the files with conflict markers to
 * resolve, and what happened to every file the template touched.
 */
export function upgradePullRequestBody(input: {
  templateRef: string;
  fromVersion: string;
  toVersion: string;
  adopted: boolean;
  changelog: string;
  outcomes: Map<string, FileOutcome>;
  defaulted: string[];
  missing: string[];
}): string {
  const conflicts = conflictsOf(input.outcomes);
  const lines = [
    `Upgrades this service from ${input.templateRef} **v${input.fromVersion}** to **v${input.toVersion}**.`,
    '',
  ];
  if (input.adopted) {
    lines.push(
      `A platform admin adopted this repository: it records v${input.fromVersion} as the version it was made from in \`.backstage/template.json\`.`,
      '',
    );
  }
  lines.push('## Conflicts', '');
  if (conflicts.length) {
    lines.push(
      'These files have conflict markers (`<<<<<<< repository` … `>>>>>>> template-target`): resolve them on this branch before merging.',
      '',
      ...conflicts.map(p => `- [ ] \`${p}\``),
    );
  } else {
    lines.push('None: every change merged cleanly.');
  }
  lines.push('', '## What changed in the template', '');
  lines.push(
    input.changelog.trim() ||
      '_The changelog has no entry for these versions._',
  );
  lines.push('', '## Files', '');
  for (const [p, o] of [...input.outcomes].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    lines.push(`- \`${p}\`: ${OUTCOME_TEXT[o]}`);
  }
  if (input.defaulted.length) {
    lines.push(
      '',
      `New template values set to their defaults: ${input.defaulted
        .map(v => `\`${v}\``)
        .join(', ')}.`,
    );
  }
  if (input.missing.length) {
    lines.push(
      '',
      `Template values without a recorded value or default (rendered unset): ${input.missing
        .map(v => `\`${v}\``)
        .join(', ')}.`,
    );
  }
  lines.push(
    '',
    'Re-running the upgrade updates this pull request. Base = the old version rendered with the recorded values, ours = the default branch, theirs = the new version rendered with the same values.',
  );
  return lines.join('\n');
}
