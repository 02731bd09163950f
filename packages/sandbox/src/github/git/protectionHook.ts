import fs from 'node:fs/promises';
import path from 'node:path';
import { enforcedRules } from '../model/protectionRules';
import type { StoredRepo } from '../model/store';

/**
 * Branch protection for `git push`: a pre-receive hook in the bare
 * repository reads the rules the REST API wrote and refuses updates the
 * way GitHub's GH006 does. The REST paths check the same rules in code.
 */
const HOOK = `#!/bin/sh
# Written by the GitHub simulator. Rules: "<ref> <pr> <force> <delete>".
rules="$GIT_DIR/simulator-protected-branches"
[ -s "$rules" ] || exit 0
zero=0000000000000000000000000000000000000000
status=0
while read -r old new ref; do
  rule=$(awk -v r="$ref" '$1 == r { print $2, $3, $4 }' "$rules")
  [ -n "$rule" ] || continue
  set -- $rule
  if [ "$new" = "$zero" ]; then
    if [ "$3" != 1 ]; then
      echo "error: GH006: Protected branch update failed for $ref. Cannot delete this protected branch." >&2
      status=1
    fi
    continue
  fi
  if [ "$1" = 1 ]; then
    echo "error: GH006: Protected branch update failed for $ref. Changes must be made through a pull request." >&2
    status=1
    continue
  fi
  if [ "$old" != "$zero" ] && [ "$2" != 1 ] && ! git merge-base --is-ancestor "$old" "$new"; then
    echo "error: GH006: Protected branch update failed for $ref. Cannot force-push to this branch." >&2
    status=1
  fi
done
exit $status
`;

export async function installProtectionHook(gitDir: string) {
  const hook = path.join(gitDir, 'hooks', 'pre-receive');
  await fs.mkdir(path.dirname(hook), { recursive: true });
  await fs.writeFile(hook, HOOK, { mode: 0o755 });
}

/** Rewrites the hook's rules file from the repository's protection settings. */
export async function writeProtectionRules(repo: StoredRepo) {
  const lines = [...repo.branchProtection.keys()].flatMap(branch => {
    const rules = enforcedRules(repo, branch);
    if (!rules) return [];
    const flag = (value: boolean) => (value ? 1 : 0);
    return [
      `refs/heads/${branch} ${flag(rules.requirePullRequest)} ${flag(
        rules.allowForcePushes,
      )} ${flag(rules.allowDeletions)}\n`,
    ];
  });
  await fs.writeFile(
    path.join(repo.git.gitDir, 'simulator-protected-branches'),
    lines.join(''),
  );
}
