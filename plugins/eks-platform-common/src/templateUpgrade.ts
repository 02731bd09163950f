/**
 * Where a service stands against its golden-path template
 * (GET /api/eks-platform/v1/template-upgrade/:kind/:namespace/:name), read
 * from the `eks.platform/template-*` annotations of the service and of the
 * Template entity: no repository is read.
 *
 * @public
 */
export interface TemplateUpgradeStatus {
  /** The template's entity ref, e.g. "template:default/eks-service". */
  templateRef: string;
  /** The version the service was generated from (or last upgraded to). */
  currentVersion: string;
  /** The version the Template entity carries now. */
  latestVersion: string;
  /** Whether `latestVersion` is newer than `currentVersion`. */
  behind: boolean;
  /** The upgrade's pull request, when one is known. */
  pullRequest?: { url: string; number: number };
}
