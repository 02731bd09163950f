import { entityName } from '@internal/backstage-plugin-eks-platform-node';

/** What happened to one service of an "Upgrade services" run. */
export interface UpgradeOutcome {
  entityRef: string;
  /**
   * eks:template:upgrade's status (created, updated, unchanged, up-to-date,
   * dry-run), or refused (not the caller's service) or failed.
   */
  status: string;
  fromVersion?: string;
  toVersion?: string;
  pullRequestUrl?: string;
  pullRequestNumber?: number;
  conflicts: string[];
  /** Why it was refused or failed, in one paragraph. */
  reason?: string;
  /** The diff (dry runs only, cut at DIFF_PREVIEW_CHARS). */
  diff?: string;
}

/** Per service in a dry run's summary: enough to review, small enough for the task page. */
export const DIFF_PREVIEW_CHARS = 4_000;

export const isFailure = (o: UpgradeOutcome) =>
  o.status === 'refused' || o.status === 'failed';

/** A table cell: one line, no column breaks. */
const cell = (text: string) =>
  text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();

function versions(o: UpgradeOutcome): string {
  if (!o.fromVersion || !o.toVersion) return '';
  return o.fromVersion === o.toVersion
    ? `v${o.toVersion}`
    : `v${o.fromVersion} → v${o.toVersion}`;
}

function details(o: UpgradeOutcome): string {
  if (o.reason) return o.reason;
  if (o.conflicts.length)
    return `conflict markers in ${o.conflicts.map(f => `\`${f}\``).join(', ')}`;
  return '';
}

/** A code fence longer than any backtick run in `text`, so a diff cannot close it. */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(r => r.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

const STATUS_ORDER = [
  'created',
  'updated',
  'unchanged',
  'up-to-date',
  'dry-run',
  'refused',
  'failed',
];

/** The counts line, e.g. "3 service(s): 2 created, 1 refused." */
export function countsLine(
  outcomes: UpgradeOutcome[],
  dryRun: boolean,
): string {
  // Pull requests first, then previews, then what needs someone's attention.
  const counts = new Map<string, number>(
    STATUS_ORDER.map(status => [status, 0]),
  );
  for (const o of outcomes) {
    counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  }
  for (const [status, n] of counts) if (n === 0) counts.delete(status);
  const parts = [...counts].map(([status, n]) => `${n} ${status}`);
  return `${outcomes.length} service(s)${
    dryRun ? ' previewed' : ''
  }: ${parts.join(', ')}.`;
}

/**
 * The task page's summary: a Markdown table with one row per service (the
 * failed ones too, with their reason), then for a dry run each diff.
 */
export function summaryMarkdown(
  outcomes: UpgradeOutcome[],
  dryRun: boolean,
): string {
  const lines = [
    countsLine(outcomes, dryRun),
    '',
    '| Service | Outcome | Template | Pull request | Conflicts or reason |',
    '| --- | --- | --- | --- | --- |',
    ...outcomes.map(
      o =>
        `| ${cell(entityName(o.entityRef))} | ${cell(o.status)} | ${cell(
          versions(o),
        )} | ${
          o.pullRequestUrl
            ? `[#${o.pullRequestNumber}](${o.pullRequestUrl})`
            : ''
        } | ${cell(details(o))} |`,
    ),
  ];
  if (dryRun) {
    for (const o of outcomes.filter(x => x.diff)) {
      lines.push(
        '',
        `**${cell(entityName(o.entityRef))}**`,
        '',
        `${fenceFor(o.diff!)}diff`,
        o.diff!,
        fenceFor(o.diff!),
      );
    }
  }
  return lines.join('\n');
}

/** One link per pull request, for the task page's output links. */
export function pullRequestLinks(outcomes: UpgradeOutcome[]) {
  return outcomes
    .filter(o => o.pullRequestUrl)
    .map(o => ({
      title: `${entityName(o.entityRef)}: upgrade pull request #${
        o.pullRequestNumber
      }`,
      url: o.pullRequestUrl!,
    }));
}

/** A diff cut for the summary, saying that it was cut. */
export function diffPreview(diff: string): string {
  return diff.length <= DIFF_PREVIEW_CHARS
    ? diff
    : `${diff.slice(
        0,
        DIFF_PREVIEW_CHARS,
      )}\n… (cut at ${DIFF_PREVIEW_CHARS} characters; run eks:template:upgrade with dryRun for the whole diff)`;
}
