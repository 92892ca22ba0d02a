#!/usr/bin/env bash
# Load test of the web app's recognition endpoint with wrk: the app is started in Release on a free port
# with a throw-away SQLite directory and the per-IP rate limit lifted (every request comes from 127.0.0.1),
# then anonymous POST /api/v1/predictions requests with a raw image body are sent from N connections.
# Run it on an otherwise idle machine; wrk itself takes a share of the same cores.
#
#   bench/load-web.sh [--duration SECONDS] [--connections N]
#
# Needs wrk (apt-get install wrk) and ImageMagick 6 (/usr/bin/convert) to draw the two test images:
# a 200 × 200 canvas export (PNG) and a 1000 × 1000 photo of a digit on noisy paper (JPEG, quality 85).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
duration=30
connections=16
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    *) echo "usage: $0 [--duration SECONDS] [--connections N]" >&2; exit 2 ;;
  esac
done
for tool in wrk /usr/bin/convert curl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install wrk imagemagick curl)" >&2; exit 1; }
done

work="$(mktemp -d)"
server=""
cleanup() { [[ -n "$server" ]] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

/usr/bin/convert -size 200x200 xc:none -stroke black -strokewidth 12 -fill none \
  -draw "path 'M 60,50 L 140,50 L 90,160'" "PNG32:$work/canvas-200.png"
/usr/bin/convert -size 1000x1000 xc:'#f3efe4' -attenuate 0.4 +noise Gaussian -stroke '#1b1b3a' -strokewidth 26 -fill none \
  -draw "ellipse 520,480 150,230 0,360" -quality 85 "$work/photo-1mp.jpg"

echo "== building the web app (Release)" >&2
dotnet build -c Release "$root/src/DigitReader.Web/DigitReader.Web.csproj" -v quiet -nologo >&2
artifacts="${DIGITREADER_ARTIFACTS:-$root/artifacts}"
port=$((20000 + RANDOM % 20000))
(
  cd "$root/src/DigitReader.Web"
  ASPNETCORE_ENVIRONMENT=Production Urls="http://127.0.0.1:$port" \
  DigitReader__DataDirectory="$work/data" RateLimits__Recognition__PermitLimit=1000000000 \
  exec dotnet "$artifacts/bin/DigitReader.Web/release/DigitReader.Web.dll" > "$work/server.log" 2>&1
) &
server=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { echo "the app did not answer /healthz:" >&2; cat "$work/server.log" >&2; exit 1; }

for image in canvas-200.png photo-1mp.jpg; do
  type=image/png; [[ "$image" == *.jpg ]] && type=image/jpeg
  # One answer first, so a wrong result is seen (and the JIT is warm before timing).
  echo "== $image ($(stat -c %s "$work/$image") bytes): $(curl -s -H "Content-Type: $type" --data-binary "@$work/$image" "http://127.0.0.1:$port/api/v1/predictions?save=false" | cut -c1-80)…"
  cat > "$work/post.lua" <<LUA
local f = io.open("$work/$image", "rb")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "$type"
done = function(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
  wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$work/post.lua" "http://127.0.0.1:$port/api/v1/predictions?save=false" \
    | grep -E "Latency|50%|90%|99%|Requests/sec|requests in|non-2xx"
done
