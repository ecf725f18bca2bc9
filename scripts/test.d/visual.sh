#!/usr/bin/env bash
# Installs playwright-core for the browser test of the HTML export (tests/visual/browser) from its
# lockfile, when it is missing or older than the lockfile. No browser is downloaded: the test
# drives Debian's chromium (scripts/deps.d/visual.txt).
set -euo pipefail
cd "$(dirname "$0")/../../tests/visual/browser"

if ! command -v npm >/dev/null; then
  # NodeSource's nodejs ships npm (and conflicts with Debian's npm); Debian's nodejs does not.
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "installing: npm" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends npm >/dev/null
fi

# npm writes node_modules/.package-lock.json on every install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing playwright-core for the browser test (npm ci)" >&2
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
