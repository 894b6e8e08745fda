#!/usr/bin/env bash
# The test command (`npm test`, and CI through .ci/run). From a fresh clone it does everything:
# install, Chromium, test models, typecheck, the four checks (boundaries, lint, format, unused
# code), unit, integration, production build, e2e.
#
#   SKIP_E2E=1 npm test     quick local run: no Chromium, no Playwright
#
# The last line is always `tests: N passed, M failed`, also when a stage fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RESULTS=.cache/test-results           # JSON reports the summary is counted from (git-ignored)
SHARED_MODELS=../shared/models        # CI clones the repo with ../shared beside it
PASSED=0
FAILED=0
FAILED_STAGES=()
STAGE_NO=0
STAGE_COUNT=$([[ "${SKIP_E2E:-}" == 1 ]] && echo 10 || echo 12)

mkdir -p "$RESULTS"
rm -f "$RESULTS"/*.json               # stale reports must never be counted

summary() {
  local rc=$?
  echo
  if ((${#FAILED_STAGES[@]})); then
    echo "failed stages: ${FAILED_STAGES[*]}"
    ((rc != 0)) || rc=1
  fi
  echo "tests: $PASSED passed, $FAILED failed"
  exit "$rc"
}
trap summary EXIT

# stage NAME [keep-going] -- CMD...   Announces, times and runs one stage. Setup stages stop the
# run on failure (nothing after them can work); test stages record the failure and let the
# following test stages still run, so one CI run reports everything it can.
stage() {
  local name=$1 mode=abort
  shift
  if [[ $1 == keep-going ]]; then mode=keep-going; shift; fi
  [[ $1 == -- ]] && shift
  STAGE_NO=$((STAGE_NO + 1))
  echo
  echo "=== [$STAGE_NO/$STAGE_COUNT] $name: $*"
  local start=$SECONDS rc=0
  "$@" || rc=$?
  local took=$((SECONDS - start))
  if ((rc == 0)); then
    echo "--- $name: ok (${took}s)"
  else
    echo "--- $name: FAILED with exit code $rc (${took}s)"
    FAILED_STAGES+=("$name")
    [[ $mode == keep-going ]] || exit "$rc"
  fi
}

# Adds the counts of a vitest or Playwright JSON report to PASSED/FAILED. A file that never got
# to run its tests (import error, crash) counts as one failure, so it cannot go unnoticed.
count() {
  local file=$1 counts
  [[ -f $file ]] || { echo "(no report at $file: its tests are not counted)"; return 0; }
  counts=$(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    let passed, failed;
    if (r.stats) { // Playwright
      passed = r.stats.expected + r.stats.flaky;
      failed = r.stats.unexpected + (r.stats.unexpected === 0 ? (r.errors ?? []).length : 0);
    } else {       // vitest (Jest-compatible format)
      const brokenFiles = (r.testResults ?? []).filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed")).length;
      passed = r.numPassedTests;
      failed = r.numFailedTests + brokenFiles;
    }
    console.log(passed, failed);
  ' "$file") || { echo "(unreadable report $file)"; return 0; }
  PASSED=$((PASSED + ${counts% *}))
  FAILED=$((FAILED + ${counts#* }))
}

# check NAME -- CMD...   A test stage that is one test in the summary: passed or failed.
check() {
  local failed_before=${#FAILED_STAGES[@]}
  stage "$1" keep-going "${@:2}"
  if ((${#FAILED_STAGES[@]} > failed_before)); then
    FAILED=$((FAILED + 1))
  else
    PASSED=$((PASSED + 1))
  fi
}

install_deps() {
  # npm writes node_modules/.package-lock.json on every install: older than the lock file
  # means package-lock.json changed since (git pull, new dependency).
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci
  else
    echo "node_modules is up to date with package-lock.json: skipping npm ci"
  fi
}

copy_models() {
  if [[ ! -d $SHARED_MODELS ]]; then
    echo "error: $SHARED_MODELS is missing. The tests use the tiny test models from the shared" >&2
    echo "folder beside the repo (../shared/models/tiny/...); clone the repo next to it." >&2
    return 1
  fi
  node scripts/models.mjs --from "$SHARED_MODELS"
}

# The production build (what `npm start` serves) must not expose the test hooks; the e2e tests
# run on the e2e build (Vite mode `e2e`, dist-e2e/), which differs only by exposing them.
build_both() {
  npm run --loglevel=error build && node scripts/check-production-build.mjs dist && npx --loglevel=error vite build --mode e2e --outDir dist-e2e
}

vitest_project() {
  npx --loglevel=error vitest run --project "$1" --reporter=default --reporter=json --outputFile.json="$RESULTS/$1.json"
}

stage install -- install_deps
[[ "${SKIP_E2E:-}" == 1 ]] || stage chromium -- bash scripts/ensure-chromium.sh
stage models -- copy_models
stage typecheck keep-going -- npm run --loglevel=error typecheck
check boundaries -- npm run --loglevel=error --silent lint:boundaries
check eslint -- npm run --loglevel=error --silent lint:eslint
check format -- npm run --loglevel=error --silent format:check
check unused -- npm run --loglevel=error --silent lint:unused
stage unit keep-going -- vitest_project unit
count "$RESULTS/unit.json"
stage integration keep-going -- vitest_project integration
count "$RESULTS/integration.json"
stage build -- build_both
if [[ "${SKIP_E2E:-}" == 1 ]]; then
  echo
  echo "=== e2e: skipped (SKIP_E2E=1)"
else
  stage e2e keep-going -- env PLAYWRIGHT_JSON_OUTPUT_FILE="$PWD/$RESULTS/playwright.json" npx --loglevel=error playwright test
  count "$RESULTS/playwright.json"
fi
# The EXIT trap prints the summary and sets the exit code.
