#!/usr/bin/env bash
# Promotes an image to one environment by pull request in the GitOps
# repository (apps/<service>/<env>/values.yaml, the layout the platform's
# eks:argocd:register action writes):
#
# 1. reads the environment's Argo CD Application: which environment must be
#    healthy first (annotation eks.platform/promotes-from) and how a change
#    lands (eks.platform/promotion: automatic merges, pull-request waits for
#    review);
# 2. waits until that previous environment is Synced and Healthy at a GitOps
#    commit whose values run IMAGE_TAG (and stops at once if it runs the tag
#    and is Degraded): nothing is proposed for an unhealthy release;
# 3. proposes image.tag = IMAGE_TAG on branch promote/<service>-<env>-<tag>,
#    one commit written by this script (identity and trailer), never pushed
#    over commits anyone else wrote, and opens (or reuses) the pull request;
# 4. merges it when the environment's promotion is automatic.
#
# Inputs (environment): GH_TOKEN, GITOPS_REPOSITORY (owner/repo),
# SERVICE_NAME, IMAGE_TAG (full git SHA), ENVIRONMENT, ARGOCD_SERVER,
# ARGOCD_AUTH_TOKEN (a read-only Argo CD token); optional GITHUB_API_URL,
# WAIT_SECONDS (default 1200), POLL_SECONDS (default 15).
set -euo pipefail

fail() {
  echo "::error::$*" >&2
  exit 1
}

for name in GH_TOKEN GITOPS_REPOSITORY SERVICE_NAME IMAGE_TAG ENVIRONMENT ARGOCD_SERVER ARGOCD_AUTH_TOKEN; do
  [[ -n "${!name:-}" ]] || fail "${name} is not set"
done
[[ "$IMAGE_TAG" =~ ^[0-9a-f]{40}$ ]] || fail "IMAGE_TAG must be a full git SHA"
[[ "$SERVICE_NAME" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || fail "SERVICE_NAME must be a DNS label"
[[ "$ENVIRONMENT" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || fail "ENVIRONMENT must be a DNS label"
[[ "$GITOPS_REPOSITORY" =~ ^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$ ]] || fail "GITOPS_REPOSITORY must be owner/repo"
[[ "$ARGOCD_SERVER" =~ ^https?://[^[:space:]]+$ ]] || fail "ARGOCD_SERVER must be an http(s) URL"

api="${GITHUB_API_URL:-https://api.github.com}"
argocd="${ARGOCD_SERVER%/}"
wait_seconds="${WAIT_SECONDS:-1200}"
poll_seconds="${POLL_SECONDS:-15}"
bot_name="github-actions[bot]"
bot_email="41898282+github-actions[bot]@users.noreply.github.com"
trailer="Eks-Platform-Promotion: ${SERVICE_NAME}/${ENVIRONMENT}@${IMAGE_TAG}"
short="${IMAGE_TAG:0:12}"
branch="promote/${SERVICE_NAME}-${ENVIRONMENT}-${short}"

github() { # METHOD PATH [JSON]
  local args=(-fsS -X "$1" -H "Authorization: Bearer ${GH_TOKEN}"
    -H "Accept: application/vnd.github+json" "${api}$2")
  [[ $# -ge 3 ]] && args+=(-H "Content-Type: application/json" --data "$3")
  curl "${args[@]}"
}

github_raw() { # PATH REF -> file content
  curl -fsS -H "Authorization: Bearer ${GH_TOKEN}" \
    -H "Accept: application/vnd.github.raw" \
    "${api}/repos/${GITOPS_REPOSITORY}/contents/$1?ref=$2"
}

application() { # NAME [QUERY] -> Application JSON
  curl -fsS -H "Authorization: Bearer ${ARGOCD_AUTH_TOKEN}" \
    "${argocd}/api/v1/applications/$1${2:-}"
}

values_path() { echo "apps/${SERVICE_NAME}/$1/values.yaml"; }

target_app="$(application "${SERVICE_NAME}-${ENVIRONMENT}")" ||
  fail "Argo CD has no application ${SERVICE_NAME}-${ENVIRONMENT}; register the service for ${ENVIRONMENT} first"
from="$(jq -r '.metadata.annotations["eks.platform/promotes-from"] // ""' <<<"$target_app")"
promotion="$(jq -r '.metadata.annotations["eks.platform/promotion"] // "pull-request"' <<<"$target_app")"
base="$(jq -r '[.spec.sources[]? | select(.ref == "values") | .targetRevision][0] // ""' <<<"$target_app")"
[[ -n "$base" ]] || fail "${SERVICE_NAME}-${ENVIRONMENT} takes no values from the GitOps repository (register it in gitops mode)"

# The previous environment must run IMAGE_TAG, synced and healthy.
if [[ -n "$from" ]]; then
  deadline=$((SECONDS + wait_seconds))
  while :; do
    app="$(application "${SERVICE_NAME}-${from}" "?refresh=normal")"
    sync="$(jq -r '.status.sync.status // "Unknown"' <<<"$app")"
    health="$(jq -r '.status.health.status // "Unknown"' <<<"$app")"
    phase="$(jq -r '.status.operationState.phase // ""' <<<"$app")"
    revision="$(jq -r '([.spec.sources[]? | .ref] | index("values")) as $i
      | if $i == null then "" else (.status.sync.revisions[$i] // "") end' <<<"$app")"
    running=""
    if [[ "$revision" =~ ^[0-9a-f]{40}$ ]]; then
      running="$(github_raw "$(values_path "$from")" "$revision" | yq '.image.tag // ""')" || running=""
    fi
    echo "${from}: ${sync}/${health}${phase:+ (${phase})}, runs ${running:-nothing yet}"
    if [[ "$running" == "$IMAGE_TAG" && "$phase" != "Running" ]]; then
      [[ "$health" == "Degraded" ]] && fail "${from} runs ${short} but is Degraded; not promoting it to ${ENVIRONMENT}"
      [[ "$sync" == "Synced" && "$health" == "Healthy" ]] && break
    fi
    ((SECONDS < deadline)) ||
      fail "${from} is not Synced and Healthy at ${short} after ${wait_seconds}s (${sync}/${health}, runs ${running:-nothing}); not promoting to ${ENVIRONMENT}. Re-run this job once it is."
    sleep "$poll_seconds"
  done
fi

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
clone_url="$(github GET "/repos/${GITOPS_REPOSITORY}" | jq -r .clone_url)"
auth="AUTHORIZATION: basic $(printf 'x-access-token:%s' "$GH_TOKEN" | base64 -w0)"
git_() { git -c "http.extraheader=${auth}" -c user.name="$bot_name" -c user.email="$bot_email" "$@"; }
git_ clone --quiet --branch "$base" "$clone_url" "$workdir/gitops"
cd "$workdir/gitops"

values="$(values_path "$ENVIRONMENT")"
[[ -f "$values" ]] || fail "${values} does not exist in ${GITOPS_REPOSITORY}; was the service registered in Argo CD (gitops mode)?"
# The file must be this service's (the owner marker eks:argocd:register writes).
grep -qx "# eks.platform/entity-ref: component:default/${SERVICE_NAME}" "$values" ||
  fail "${values} is not marked as ${SERVICE_NAME}'s (eks.platform/entity-ref); not touching it"
if [[ "$(yq '.image.tag // ""' "$values")" == "$IMAGE_TAG" ]]; then
  echo "${ENVIRONMENT} already runs ${IMAGE_TAG}"
  exit 0
fi

# An existing branch is replaced only when it is this script's own single commit.
lease=()
old_head=""
if old_head="$(git rev-parse --verify --quiet "refs/remotes/origin/${branch}")"; then
  count="$(git rev-list --count "origin/${base}..${old_head}")"
  writer="$(git log -1 --format='%ae %ce' "$old_head")"
  if [[ "$count" != 1 || "$writer" != "${bot_email} ${bot_email}" ]] ||
    ! git log -1 --format=%B "$old_head" | grep -qxF "$trailer"; then
    fail "branch ${branch} in ${GITOPS_REPOSITORY} holds ${count} commit(s) this promotion did not write (latest by ${writer%% *}); nothing was pushed. Merge or close that work and delete the branch, then re-run."
  fi
  lease=("--force-with-lease=refs/heads/${branch}:${old_head}")
fi

git switch --quiet -c "$branch"
IMAGE_TAG="$IMAGE_TAG" yq -i '.image.tag = strenv(IMAGE_TAG) | .image.tag style="double"' "$values"
git_ commit --quiet -am "deploy(${SERVICE_NAME}): ${ENVIRONMENT} -> ${short}" -m "$trailer"
if [[ -n "$old_head" ]] && git diff --quiet "$old_head" HEAD -- "$values"; then
  echo "branch ${branch} already proposes ${short}"
else
  git_ push --quiet "${lease[@]}" origin "HEAD:refs/heads/${branch}"
fi

owner="${GITOPS_REPOSITORY%%/*}"
pull="$(github GET "/repos/${GITOPS_REPOSITORY}/pulls?state=open&head=${owner}:${branch}" | jq -c '.[0] // empty')"
if [[ -z "$pull" ]]; then
  body="Image \`${IMAGE_TAG}\` of ${SERVICE_NAME}${from:+, Synced and Healthy in ${from}}. Built by ${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/actions/runs/${GITHUB_RUN_ID:-}."
  pull="$(github POST "/repos/${GITOPS_REPOSITORY}/pulls" "$(jq -nc \
    --arg title "deploy(${SERVICE_NAME}): ${ENVIRONMENT} -> ${short}" \
    --arg head "$branch" --arg base "$base" --arg body "$body" \
    '{title: $title, head: $head, base: $base, body: $body}')")"
fi
url="$(jq -r .html_url <<<"$pull")"
number="$(jq -r .number <<<"$pull")"
echo "pull request: ${url}"
[[ -n "${GITHUB_OUTPUT:-}" ]] && echo "pull-request-url=${url}" >>"$GITHUB_OUTPUT"

if [[ "$promotion" == "automatic" ]]; then
  github PUT "/repos/${GITOPS_REPOSITORY}/pulls/${number}/merge" \
    "$(jq -nc --arg sha "$(jq -r .head.sha <<<"$pull")" '{merge_method: "squash", sha: $sha}')" >/dev/null ||
    fail "could not merge ${url}; ${ENVIRONMENT} deploys once it is merged"
  echo "merged: ${ENVIRONMENT} deploys ${short}"
fi
