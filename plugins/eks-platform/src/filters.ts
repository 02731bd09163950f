/*
 * Which annotations light up which card. Used both as the extensions'
 * filters (the card is not shown without them) and inside the
 * cards (which say what to add when rendered anyway, e.g. in legacy apps).
 */
import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_ALERT_MATCHERS,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_TRACE_SERVICE,
} from '@internal/backstage-plugin-eks-platform-common';

export const KUBERNETES_ANNOTATIONS = [
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
];
export const ALERT_ANNOTATIONS = [
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_ALERT_MATCHERS,
];
export const TRACE_ANNOTATIONS = [
  ANNOTATION_TRACE_SERVICE,
  ANNOTATION_KUBERNETES_ID,
];

export function hasAnyAnnotation(
  entity: Entity,
  annotations: string[],
): boolean {
  const present = entity.metadata.annotations ?? {};
  return annotations.some(annotation => Boolean(present[annotation]));
}

/**
 * Extension filter: the entity carries any of the annotations. A function
 * rather than a predicate object so the annotation lists stay the single
 * source of truth; apps can still override it with `filter` in app-config.
 */
export function withAnyAnnotation(annotations: string[]) {
  return (entity: Entity) => hasAnyAnnotation(entity, annotations);
}
