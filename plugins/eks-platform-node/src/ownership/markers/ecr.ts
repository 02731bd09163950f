import { Tag } from '@aws-sdk/client-ecr';
import { MARKER_KEYS, OwnershipMarker, markerFromMap } from '../marker';

/*
 * ECR repositories carry the marker as two resource tags. Tag keys and
 * values allow letters, digits, spaces and `_.:/=+-@`, so the canonical
 * refs fit as they are.
 */

/** The tags to pass at CreateRepository or TagResource. */
export function ecrMarkerTags(marker: OwnershipMarker): Tag[] {
  return [
    { Key: MARKER_KEYS.entityRef, Value: marker.entityRef },
    { Key: MARKER_KEYS.ownerRef, Value: marker.ownerRef },
  ];
}

/** The marker from ListTagsForResource's `tags`. */
export function readEcrMarker(
  tags: Array<Partial<Tag>> | undefined,
): OwnershipMarker | undefined {
  const map: Record<string, string> = {};
  for (const tag of tags ?? []) {
    if (tag.Key !== undefined && tag.Value !== undefined)
      map[tag.Key] = tag.Value;
  }
  return markerFromMap(map);
}
