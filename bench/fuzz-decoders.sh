#!/usr/bin/env bash
# Runs the decoder mutation fuzzer (tests/DigitReader.Tests/Imaging/Fuzzing).
#   bench/fuzz-decoders.sh           the normal case count (as in the test run)
#   bench/fuzz-decoders.sh --long    300,000 cases
#   DIGITREADER_FUZZ_CASES=N bench/fuzz-decoders.sh   any count
# Needs ImageMagick 6 at /usr/bin/convert (it writes the seed files).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--long" ]]; then
  export DIGITREADER_FUZZ_CASES=300000
elif [[ -n "${1:-}" ]]; then
  echo "usage: $0 [--long]" >&2
  exit 2
fi

exec dotnet test tests/DigitReader.Tests \
  --filter "FullyQualifiedName~DigitReader.Tests.Imaging.Fuzzing" \
  --logger "console;verbosity=detailed"
