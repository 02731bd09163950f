import { Entity } from '@backstage/catalog-model';

/** What the form asked for, as far as a re-run can compare it with what exists. */
export interface AskedValues {
  description?: string;
  system?: string;
  lifecycle?: string;
}

export interface ExistingService {
  /** The registered entity, when the catalog has it. */
  entity?: Entity;
  /** The repository exists with this service in it (not empty). */
  repoHasService: boolean;
  /** Browse URL of catalog-info.yaml, when the repository exists. */
  catalogInfoUrl: string;
  /** Browse URL of the repository's default branch. */
  repoContentsUrl: string;
}

function shortRef(ref: string): string {
  return ref
    .replace(/^(system|group|component):/, '')
    .replace(/^default\//, '');
}

function differs(asked: string | undefined, existing: unknown): boolean {
  if (asked === undefined || asked === '') return false;
  return shortRef(String(asked)) !== shortRef(String(existing ?? ''));
}

/**
 * The task output a person reads after the run ("Existing service"): on a
 * first run, that everything came from the form; on a re-run, what already
 * existed and what the run therefore left as it was (the catalog fields
 * that differ from the form, and the generated files it never rewrites),
 * with where to change each. Markdown, shown on the task page.
 */
export function rerunReport(
  existing: ExistingService,
  asked: AskedValues,
): string {
  const { entity, repoHasService } = existing;
  if (!entity && !repoHasService) {
    return 'Nothing of this service existed before: this run created it from the values of the form.';
  }
  const lines: string[] = [];
  const kept: string[] = [];
  if (entity) {
    const fields: Array<[string, string | undefined, unknown]> = [
      ['description', asked.description, entity.metadata.description],
      ['system', asked.system, entity.spec?.system],
      ['lifecycle', asked.lifecycle, entity.spec?.lifecycle],
    ];
    for (const [name, want, have] of fields) {
      if (differs(want, have)) {
        kept.push(
          `- **${name}** stays ${JSON.stringify(
            String(have ?? '(none)'),
          )} (the form asked for ${JSON.stringify(want)})`,
        );
      }
    }
  }
  lines.push(
    'This service existed already, so this run left what exists as it was and only added what was missing.',
  );
  if (kept.length > 0) {
    lines.push('', 'Left unchanged in the catalog:', ...kept);
  }
  if (repoHasService) {
    lines.push(
      '',
      `To change the owner, description, system or lifecycle, open a pull request on [catalog-info.yaml](${existing.catalogInfoUrl}); the catalog picks it up after the merge.`,
      `The generated files (Helm values such as replicas, the autoscaler's maximum, resources; the workflows) are never rewritten by a re-run: change them by pull request in [the repository](${existing.repoContentsUrl}).`,
    );
  }
  return lines.join('\n');
}
