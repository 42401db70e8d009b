#!/usr/bin/env bash
# `npm test`: lint, typecheck, then every test suite: pure units, endpoints on embedded PGlite,
# the same endpoint suites on the PostgreSQL server, and the web app in Chromium.
# Ends with the line "N passed, N failed" (totals of all suites).
set -u
cd "$(dirname "$0")/.."
out=.peerbridge-test
rm -rf "$out" && mkdir -p "$out"
status=0
passed=0
failed=0

step() { echo; echo "=== $*"; }

count() { # add the counts of a Vitest JSON report
  local file=$1
  if [ -f "$file" ]; then
    # A file that fails to load has no failed test but a failed suite: count it as a failure.
    read -r p f < <(node -e 'const r=require(process.argv[1]);const f=r.numFailedTests||(r.numFailedTestSuites?r.numFailedTestSuites:0);console.log(r.numPassedTests,f)' "$PWD/$file")
    passed=$((passed + p)); failed=$((failed + f))
  fi
}

suite() { # name, env..., -- vitest args
  local name=$1; shift
  step "$name"
  if ! env "$@" --reporter=default --reporter=json --outputFile="$out/$name.json"; then status=1; fi
  if [ ! -f "$out/$name.json" ]; then echo "$name produced no report"; failed=$((failed + 1)); status=1; fi
  count "$out/$name.json"
}

# Lint and the two typechecks share nothing: they run side by side (two cores), each into its own
# log, printed whole in this order once all three are done.
checks=(lint typecheck typecheck-web)
npx eslint . > "$out/lint.log" 2>&1 & pids=($!)
npx tsc -p tsconfig.json --noEmit > "$out/typecheck.log" 2>&1 & pids+=($!)
npx tsc -p web/tsconfig.json --noEmit > "$out/typecheck-web.log" 2>&1 & pids+=($!)
for i in 0 1 2; do
  wait "${pids[$i]}" || status=1
  step "${checks[$i]}"
  cat "$out/${checks[$i]}.log"
done

suite unit npx vitest run --project unit
suite pglite npx vitest run --project integration

pg_url=${PEERBRIDGE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
if node -e 'const c=new (require("pg").Client)(process.argv[1]);c.connect().then(()=>c.end()).catch(()=>process.exit(1))' "$pg_url" 2>/dev/null; then
  suite postgres PEERBRIDGE_TEST_DB=postgres npx vitest run --project integration
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not reachable at $pg_url: the PostgreSQL suites cannot run."; status=1; failed=$((failed + 1))
else
  step "postgres: SKIPPED (no server at $pg_url; set PEERBRIDGE_TEST_POSTGRES_URL)"
fi

if [ -x /usr/bin/chromium ] || [ -n "${PEERBRIDGE_CHROMIUM:-}" ]; then
  suite browser npx vitest run --project browser
elif [ "${CI:-}" = "true" ]; then
  echo "Chromium is not installed (/usr/bin/chromium): the browser suite cannot run."; status=1; failed=$((failed + 1))
else
  step "browser: SKIPPED (install Debian's chromium: apt-get install -y chromium)"
fi

echo
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && echo "(a lint, typecheck or suite step failed; see above)"
echo "$passed passed, $failed failed"
exit $status
