import { InputError } from '@backstage/errors';
import {
  ANNOTATION_TEMPLATE_VERSION,
  isTemplateVersion,
  templateVersionOrder,
} from '@internal/backstage-plugin-eks-platform-common';
import { parse } from 'yaml';

// The format lives in common: the portal compares versions too.
export { isTemplateVersion };

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
  return templateVersionOrder(
    requireTemplateVersion('Version', a),
    requireTemplateVersion('Version', b),
  );
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
