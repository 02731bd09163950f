import { InputError } from '@backstage/errors';
import { ANNOTATION_TEMPLATE_VERSION } from '@internal/backstage-plugin-eks-platform-common';
import { parse } from 'yaml';

const SEMVER = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/;

/** Whether `value` is a plain `MAJOR.MINOR.PATCH` version (no ranges, no pre-release). */
export function isTemplateVersion(value: unknown): value is string {
  return typeof value === 'string' && SEMVER.test(value);
}

/** The version, or an InputError naming `what` and the format. */
export function requireTemplateVersion(what: string, value: unknown): string {
  if (!isTemplateVersion(value)) {
    throw new InputError(
      `${what} ${JSON.stringify(
        value,
      )} is not a template version; use MAJOR.MINOR.PATCH, e.g. "1.2.0".`,
    );
  }
  return value;
}

/** Negative, zero or positive as `a` is older than, equal to or newer than `b`. */
export function compareTemplateVersions(a: string, b: string): number {
  const pa = requireTemplateVersion('Version', a).split('.').map(Number);
  const pb = requireTemplateVersion('Version', b).split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if (pa[i] !== pb[i]) return pa[i] - pb[i];
  }
  return 0;
}

/**
 * The `eks.platform/template-version` annotation of a Template entity's YAML
 * (template.yaml), or undefined when it has none or it is not a version.
 */
export function templateVersionOf(templateYaml: string): string | undefined {
  let doc: any;
  try {
    doc = parse(templateYaml);
  } catch {
    return undefined;
  }
  const version = doc?.metadata?.annotations?.[ANNOTATION_TEMPLATE_VERSION];
  return isTemplateVersion(version) ? version : undefined;
}
