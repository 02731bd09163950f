import { OwnershipMarker } from '../marker';
import { readCommentHeader, writeCommentHeader } from './commentHeader';

/*
 * Files in the GitOps repository (values.yaml, application.yaml) start with
 * the marker as YAML comments, so a reviewer sees the owner in the pull
 * request and a later run can tell its own files from another team's.
 */

/** The file content with the marker header (idempotent). */
export function withGitOpsFileMarker(
  content: string,
  marker: OwnershipMarker,
): string {
  return writeCommentHeader(content, marker);
}

/** The marker of a GitOps file, if it has one. */
export function readGitOpsFileMarker(
  content: string | undefined,
): OwnershipMarker | undefined {
  return content === undefined ? undefined : readCommentHeader(content);
}
