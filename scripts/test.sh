#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the browser tests need (Debian's chromium),
# restores NuGet packages, runs every test project, validates docker-compose.yml, prints one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
need_apt() {
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

if [ ! -x /usr/bin/chromium ]; then
  echo "== Installing Debian's chromium for the browser tests"
  need_apt chromium
fi
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "== Installing docker-compose (v1) to validate docker-compose.yml"
  need_apt docker-compose || echo "docker-compose could not be installed: compose validation skipped"
fi

if command -v docker-compose >/dev/null 2>&1; then
  echo "== Validating docker-compose.yml"
  docker-compose -f docker-compose.yml config -q
  echo "docker-compose.yml is valid"
fi

echo "== Restoring and building"
dotnet build FinOpsDashboard.sln -nologo -v q -c Debug

echo "== Running tests"
log=$(mktemp)
set +e
# -m:1 runs the test assemblies one after another: on 2 cores, browser tests, app processes and fake AWS servers
# running side by side turned timing-tolerant tests into timeouts.
dotnet test FinOpsDashboard.sln --no-build -nologo -c Debug -m:1 --logger "console;verbosity=normal" 2>&1 | tee "$log" | grep -E "^(Passed!|Failed!|  Failed |  Error Message|   |\[xUnit|Test Run|Results File|Total tests)" 
status=${PIPESTATUS[0]}
set -e

# One plain closing line over all projects: "tests: N passed, N failed". dotnet test prints, per project,
# either a "Passed!  - Failed: 0, Passed: 8, ..." banner or (normal verbosity) "Passed: 8" / "Failed: 1" lines.
awk '/(Passed|Failed)! +- Failed: / { gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") bf += $(i+1); if ($i == "Passed:") bp += $(i+1); if ($i == "Skipped:") bs += $(i+1) }; banner = 1; next }
     /^ +Passed: [0-9]+$/ { p += $2 } /^ +Failed: [0-9]+$/ { f += $2 } /^ +Skipped: [0-9]+$/ { s += $2 }
     END { if (banner) { p = bp; f = bf; s = bs }; printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
