#!/usr/bin/env bash
# Opens (or updates) a pull request in the GitOps repository that sets the
# image tag of one environment: apps/<service>/<env>/values.yaml, the layout
# the platform's eks:argocd:register action creates.
# Inputs (environment): GH_TOKEN, GITOPS_REPOSITORY (owner/repo), SERVICE_NAME,
# IMAGE_TAG (git SHA), ENVIRONMENT.
set -euo pipefail

for name in GH_TOKEN GITOPS_REPOSITORY SERVICE_NAME IMAGE_TAG ENVIRONMENT; do
  if [[ -z "${!name:-}" ]]; then
    echo "::error::${name} is not set" >&2
    exit 1
  fi
done
if [[ ! "$IMAGE_TAG" =~ ^[0-9a-f]{40}$ ]]; then
  echo "::error::IMAGE_TAG must be a full git SHA" >&2
  exit 1
fi

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
branch="release/${SERVICE_NAME}-${ENVIRONMENT}-${IMAGE_TAG:0:12}"
values="apps/${SERVICE_NAME}/${ENVIRONMENT}/values.yaml"
auth="AUTHORIZATION: basic $(printf 'x-access-token:%s' "$GH_TOKEN" | base64 -w0)"

git -c "http.extraheader=${auth}" clone --depth 1 "https://github.com/${GITOPS_REPOSITORY}.git" "$workdir/gitops"
cd "$workdir/gitops"
if [[ ! -f "$values" ]]; then
  echo "::error::${values} does not exist in ${GITOPS_REPOSITORY}; was the service registered in Argo CD?" >&2
  exit 1
fi
git switch -c "$branch"
yq -i '.image.tag = strenv(IMAGE_TAG)' "$values"
if git diff --quiet; then
  echo "${ENVIRONMENT} already runs ${IMAGE_TAG}"
  exit 0
fi
git -c user.name="github-actions[bot]" -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
  commit -am "deploy(${SERVICE_NAME}): ${ENVIRONMENT} -> ${IMAGE_TAG:0:12}"
git -c "http.extraheader=${auth}" push --force origin "$branch"
gh pr create --repo "$GITOPS_REPOSITORY" --head "$branch" --base main \
  --title "deploy(${SERVICE_NAME}): ${ENVIRONMENT} -> ${IMAGE_TAG:0:12}" \
  --body "Image \`${IMAGE_TAG}\` built, scanned and pushed by ${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/actions/runs/${GITHUB_RUN_ID:-}." \
  || gh pr view --repo "$GITOPS_REPOSITORY" "$branch" --json url --jq .url
