import { MARKER_KEYS, OwnershipMarker, markerFromValues } from '../marker';

/*
 * Text resources (Vault ACL policies in HCL, GitOps YAML files) carry the
 * marker as `# key: value` lines in their leading comment block. Only that
 * block is read: a value further down (a path, a Helm value) can never pose
 * as a marker.
 */

const LINE = /^#\s*(eks\.platform\/(?:entity|owner)-ref):\s*(\S+)\s*$/;

function leadingComments(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    lines.push(line);
  }
  return lines;
}

/** The marker of a text resource; undefined when absent, incomplete or ambiguous. */
export function readCommentHeader(text: string): OwnershipMarker | undefined {
  const values = new Map<string, string[]>();
  for (const line of leadingComments(text)) {
    const match = LINE.exec(line);
    if (match)
      values.set(match[1], [...(values.get(match[1]) ?? []), match[2]]);
  }
  const entity = values.get(MARKER_KEYS.entityRef) ?? [];
  const owner = values.get(MARKER_KEYS.ownerRef) ?? [];
  // Two different values for one key: someone edited it; trust neither.
  if (entity.length !== 1 || owner.length !== 1) return undefined;
  return markerFromValues(entity[0], owner[0]);
}

/**
 * `text` with the marker lines at the top, replacing marker lines already
 * there, so writing is idempotent and the comparison with what an upstream
 * holds stays byte-exact.
 */
export function writeCommentHeader(
  text: string,
  marker: OwnershipMarker,
): string {
  const lines = text.split('\n');
  let start = 0;
  while (start < lines.length && LINE.test(lines[start])) start++;
  return [
    `# ${MARKER_KEYS.entityRef}: ${marker.entityRef}`,
    `# ${MARKER_KEYS.ownerRef}: ${marker.ownerRef}`,
    ...lines.slice(start),
  ].join('\n');
}
