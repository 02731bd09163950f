import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_TEMPLATE_REF,
  ANNOTATION_TEMPLATE_VERSION,
  TemplateUpgradeStatus,
} from '@internal/backstage-plugin-eks-platform-common';
import {
  compareTemplateVersions,
  isTemplateVersion,
} from '@internal/backstage-plugin-eks-platform-node';

/** The template a service names, when it names one with a valid version. */
export function templateOfService(
  service: Entity,
): { templateRef: string; currentVersion: string } | undefined {
  const annotations = service.metadata.annotations ?? {};
  const templateRef = annotations[ANNOTATION_TEMPLATE_REF];
  const currentVersion = annotations[ANNOTATION_TEMPLATE_VERSION];
  if (!templateRef || !isTemplateVersion(currentVersion)) return undefined;
  return { templateRef, currentVersion };
}

/**
 * Where the service stands against the Template entity's current version;
 * undefined when the template carries no valid version (nothing to compare).
 */
export function upgradeStatusOf(
  service: { templateRef: string; currentVersion: string },
  template: Entity,
): TemplateUpgradeStatus | undefined {
  const latestVersion =
    template.metadata.annotations?.[ANNOTATION_TEMPLATE_VERSION];
  if (!isTemplateVersion(latestVersion)) return undefined;
  return {
    templateRef: service.templateRef,
    currentVersion: service.currentVersion,
    latestVersion,
    behind: compareTemplateVersions(latestVersion, service.currentVersion) > 0,
  };
}
