#!/usr/bin/env bash
# The whole test suite: unit, contract, import, API and browser tests.
# Builds the CLI (dist/) first when it is missing or stale: the end-to-end tests spawn it.
# Installs what the tests need from Debian's packages when it is missing (Chromium for the
# browser and PDF tests, poppler-utils to check PDF pages), then runs node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium fonts-dejavu-core)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing test dependencies: ${need[*]}" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >&2
  else
    echo "warning: missing ${need[*]}; browser and PDF tests will fail (run as root or install them)" >&2
  fi
fi
[ -d node_modules ] || npm install --no-audit --no-fund
# Tests that spawn bin/faultline.js run the compiled CLI: build it when missing or older than src/.
if [ ! -f dist/faultline.js ] || [ -n "$(find src scripts/build-cli.ts package.json -newer dist/faultline.js -print -quit)" ]; then
  npm run --silent build:cli
fi
export TZ=UTC
# One DuckDB thread in each test process (src/storage/duckdb/duckdb-connection.ts, threadsFromEnv):
# the run keeps two test processes on the two cores, and a second DuckDB thread in each only added
# switching: about a sixth more CPU for the same imports (docs/benchmarks.md, "Test suite time").
# Tests of parallel reading set their own threads; `npm run bench` measures DuckDB's default.
export FAULTLINE_DB_THREADS="${FAULTLINE_DB_THREADS:-1}"
cleanup=()
# Test stores, uploads and browser profiles go to a RAM-backed directory when the machine has one
# with room to spare: the files are real DuckDB files all the same, but DuckDB's fsync at every commit
# and checkpoint costs nothing there (on this project's 2-core machine the import tests spent more
# than a third of their wall time waiting for the disk). Without one, a directory of the run's own
# under the system's temporary directory: either way the tests' temporary files (store copies of
# tens of MB each among them) go when the run ends. A TMPDIR set by the caller is kept.
if [ -z "${TMPDIR:-}" ]; then
  if [ -d /dev/shm ] && [ -w /dev/shm ] &&
    [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt 4000000 ]; then
    TMPDIR="$(mktemp -d /dev/shm/faultline-test.XXXXXX)"
  else
    TMPDIR="$(mktemp -d -t faultline-test.XXXXXX)"
  fi
  export TMPDIR
  cleanup+=("$TMPDIR")
fi
# One store with the bundled data (and one of the bundled GED file alone, placed and not), built by
# the first test file that needs it and copied by the others (test/helpers/bundled-store.ts);
# removed when the run ends. A FAULTLINE_TEST_CACHE set by the caller is kept (and reused across
# runs: handy when timing one file again and again).
if [ -z "${FAULTLINE_TEST_CACHE:-}" ]; then
  FAULTLINE_TEST_CACHE="$(mktemp -d -t faultline-test-cache.XXXXXX)"
  cleanup+=("$FAULTLINE_TEST_CACHE")
fi
trap 'rm -rf "${cleanup[@]}"' EXIT
export FAULTLINE_TEST_CACHE
loader=(--import tsx)
if [ "$#" -gt 0 ]; then
  # Files named on the command line run as they are, one process each.
  entries=("$@")
else
  # The whole suite: light files share a few processes, heavy ones run alone, longest first
  # (scripts/test-entries.mjs explains the plan).
  mapfile -t files < <(find src test -name '*.test.ts' -not -path '*/node_modules/*' | sort)
  mapfile -t entries < <(node scripts/test-entries.mjs "$FAULTLINE_TEST_CACHE/groups" "${files[@]}")
  # Each entry compiled ahead into one module (scripts/bundle-tests.mjs says why), unless
  # FAULTLINE_TEST_TSX is set: then the sources run through tsx, as files named above do.
  if [ -z "${FAULTLINE_TEST_TSX:-}" ]; then
    mkdir -p node_modules/.cache
    bundles="$(mktemp -d "$PWD/node_modules/.cache/faultline-test.XXXXXX")"
    cleanup+=("$bundles")
    mapfile -t entries < <(node scripts/bundle-tests.mjs "$bundles" "${entries[@]}")
    loader=(--enable-source-maps)
  fi
fi
node "${loader[@]}" --test --test-concurrency=2 --test-reporter=spec "${entries[@]}"
