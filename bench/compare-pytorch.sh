#!/usr/bin/env bash
# Runs the DigitReader bench and the same architectures in PyTorch 1.13 in one go, then prints the
# ratios. Run it on an otherwise idle machine: figures taken while anything else is busy mean nothing.
#
#   bench/compare-pytorch.sh [--quick] [--threads N]
#
# Writes bench/results/digitreader.json, bench/results/pytorch.json and bench/results/comparison.json.
# The default run takes about 2–4 minutes on 2 cores; --quick takes seconds and only checks the harness.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
python=/usr/bin/python3   # Debian's python has PyTorch 1.13; the python3 on PATH may not
quick=()
threads="$(nproc)"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=(--quick); shift ;;
    --threads) threads="$2"; shift 2 ;;
    *) echo "usage: $0 [--quick] [--threads N]" >&2; exit 2 ;;
  esac
done

out="$here/results"
mkdir -p "$out"
artifacts="${DIGITREADER_ARTIFACTS:-$root/artifacts}"

echo "== building (Release)"
if ! build_log="$(dotnet build -c Release "$here/DigitReader.Bench/DigitReader.Bench.csproj" -v quiet -nologo 2>&1)"; then
  echo "$build_log" >&2
  exit 1
fi
dll="$artifacts/bin/DigitReader.Bench/release/DigitReader.Bench.dll"

echo "== DigitReader ($threads threads)"
dotnet "$dll" "${quick[@]}" --threads "$threads" --json "$out/digitreader.json"

echo
echo "== PyTorch ($threads threads)"
"$python" "$here/torch_bench.py" "${quick[@]}" --threads "$threads" --json "$out/pytorch.json"

echo
"$python" - "$out/digitreader.json" "$out/pytorch.json" "$out/comparison.json" <<'PY'
import json, sys
ours, torch_ = (json.load(open(p)) for p in sys.argv[1:3])
by_arch = {r["architecture"]: r for r in torch_["networks"]}
rows = []
print("Ratios, DigitReader vs PyTorch (goals: training ours/PyTorch >= 1.0; batch-1 median latency ours/PyTorch <= 0.5)")
print("%-16s %22s %24s %24s %22s" % ("architecture", "train img/s ours/pt", "b1 median µs ours/pt", "b1 p99 µs ours/pt", "b256 img/s ours/pt"))
for o in ours["networks"]:
    t = by_arch.get(o["architecture"])
    if t is None:
        continue
    r = {
        "architecture": o["architecture"],
        "train_throughput_ours_over_pytorch": o["train_images_per_second"] / t["train_images_per_second"],
        "batch1_median_latency_ours_over_pytorch": o["batch1_median_microseconds"] / t["batch1_median_microseconds"],
        "batch1_p99_latency_ours_over_pytorch": o["batch1_p99_microseconds"] / t["batch1_p99_microseconds"],
        "batch_throughput_ours_over_pytorch": o["batch_images_per_second"] / t["batch_images_per_second"],
    }
    r["train_goal_met"] = r["train_throughput_ours_over_pytorch"] >= 1.0
    r["latency_goal_met"] = r["batch1_median_latency_ours_over_pytorch"] <= 0.5
    rows.append(r)
    print("%-16s %8.2f %-13s %8.2f %-15s %24.2f %22.2f" % (
        o["architecture"],
        r["train_throughput_ours_over_pytorch"], "(goal met)" if r["train_goal_met"] else "(goal MISSED)",
        r["batch1_median_latency_ours_over_pytorch"], "(goal met)" if r["latency_goal_met"] else "(goal MISSED)",
        r["batch1_p99_latency_ours_over_pytorch"], r["batch_throughput_ours_over_pytorch"]))
print("Throughput ratios > 1 mean DigitReader is faster; latency ratios < 1 mean DigitReader is faster.")
if ours.get("quick") or torch_.get("quick"):
    print("QUICK RUN: these figures are NOT representative.")
json.dump({"quick": bool(ours.get("quick") or torch_.get("quick")), "ratios": rows}, open(sys.argv[3], "w"), indent=2)
PY
