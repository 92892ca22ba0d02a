#!/usr/bin/env bash
# Reads the digits 0–9 typeset in every installed font that has them, through the whole pipeline
# (PNG file → decode → normalise → network), and prints the accuracy overall and the misread digits.
# A stand-in for the "digits in handwriting-style fonts" held-out set we cannot see: printed digits are
# not MNIST handwriting, so this measures how far the model and the normaliser generalise.
#
#   tools/font-digits.sh [--model PATH]... [--keep DIR]     (--model repeated: an ensemble of those files)
#
# Needs ImageMagick 6 (/usr/bin/convert) and fontconfig's fc-list (Debian: imagemagick pulls in the
# DejaVu, Liberation, Noto and URW base-35 fonts). Fonts whose digits render blank are skipped and named.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model=()
keep=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) model+=(--model "$2"); shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    *) echo "usage: $0 [--model PATH]... [--keep DIR]" >&2; exit 2 ;;
  esac
done
for tool in /usr/bin/convert fc-list; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: sudo apt-get install imagemagick fontconfig" >&2; exit 1; }
done

dir="${keep:-$(mktemp -d)}"
mkdir -p "$dir"
[[ -n "$keep" ]] || trap 'rm -rf "$dir"' EXIT

# Fonts whose character set covers U+0030–U+0039, except URW's Dingbats (D050000L): it claims Latin
# coverage but its ASCII code points draw ornaments, not digits.
mapfile -t fonts < <(fc-list ':charset=30 31 32 33 34 35 36 37 38 39' --format '%{file}\n' | grep -E '\.(ttf|otf)$' | grep -v '/D050000L\.' | sort -u)
echo "== rendering 10 digits in ${#fonts[@]} fonts into $dir" >&2
printf '%s\n' "${fonts[@]}" > "$dir/fonts.txt"
files=()
for i in "${!fonts[@]}"; do
  for d in 0 1 2 3 4 5 6 7 8 9; do
    f="$dir/font$i-digit$d.png"
    /usr/bin/convert -background white -fill black -font "${fonts[$i]}" -pointsize 96 label:"$d" \
      -gravity center -extent 160x160 "$f"
    files+=("$f")
  done
done

echo "== building the CLI (Release)" >&2
dotnet build -c Release "$root/src/DigitReader.Cli/DigitReader.Cli.csproj" -v quiet -nologo >&2
artifacts="${DIGITREADER_ARTIFACTS:-$root/artifacts}"
# predict exits non-zero when a file has no digit (a blank render); the JSON says which.
dotnet "$artifacts/bin/DigitReader.Cli/release/digits.dll" predict --format json "${model[@]}" "${files[@]}" > "$dir/predictions.jsonl" 2>/dev/null || true

python3 - "$dir" <<'PY'
import json, re, sys, collections
d = sys.argv[1]
fonts = open(f"{d}/fonts.txt").read().split("\n")
right = total = 0
blank, wrong = set(), []
for line in open(f"{d}/predictions.jsonl"):
    r = json.loads(line)
    i, digit = map(int, re.search(r"font(\d+)-digit(\d)\.png$", r["file"]).groups())
    if "error" in r:
        blank.add(fonts[i]); continue
    total += 1
    if r["digit"] == digit: right += 1
    else: wrong.append((fonts[i].rsplit("/", 1)[-1], digit, r["digit"], r["confidence"]))
print(f"fonts: {len(fonts) - 1 - len(blank)} read, {len(blank)} skipped (no glyph rendered): {', '.join(sorted(f.rsplit('/', 1)[-1] for f in blank)) or 'none'}")
print(f"accuracy: {right}/{total} = {100 * right / total:.2f} %")
for font, digit, read, conf in sorted(wrong):
    print(f"  {font}: {digit} read as {read} (confidence {conf:.3f})")
PY
