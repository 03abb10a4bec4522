#!/usr/bin/env bash
# `npm test`: every suite, in order, then one line "N passed, N failed" summing them all.
# Steps that are not test runners (data build, audit, type check, builds) count as one test each.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
passed=0
failed=0
skipped=0

step() { # step NAME COMMAND...
  local name=$1
  shift
  echo
  echo "── ${name}: $*"
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "✖ ${name} failed"
    failed=$((failed + 1))
  fi
}

step "reference data build" npm run --silent data:build
step "reference data audit" npm run --silent data:audit
step "evaluation labels (every label resolves; each contested claim labelled)" npm run --silent eval:labels
step "type check" npx tsc --noEmit
step "build for Chrome (MV3)" npx wxt build
step "build for Firefox (MV2)" npx wxt build -b firefox
step "Firefox add-on lint (web-ext lint, errors fail)" npx web-ext lint --source-dir .output/firefox-mv2 --output text --no-config-discovery

echo
echo "── vitest: unit, component, CLI and browser tests"
rm -f test-results/vitest.json
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
vitest_exit=$?
if [ -f test-results/vitest.json ]; then
  read -r vp vf vs < <(node -e '
    const r = require("./test-results/vitest.json");
    console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0), r.numPendingTests + (r.numTodoTests ?? 0));
  ')
  passed=$((passed + vp))
  failed=$((failed + vf))
  skipped=$((skipped + vs))
  # A crashed run (e.g. a suite that failed to load) reports no failing test but exits non-zero.
  if [ "$vitest_exit" -ne 0 ] && [ "$vf" -eq 0 ]; then failed=$((failed + 1)); fi
else
  echo "✖ vitest wrote no report"
  failed=$((failed + 1))
fi

echo
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" -eq 0 ]
