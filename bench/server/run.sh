#!/usr/bin/env bash
# Load test of thumbkit-server on loopback with wrk (not a ctest test):
#   bench/server/run.sh BUILD_DIR [FIXTURES_DIR]
# GET /i/... and POST /image at 2, 8 and 32 connections (requests/s, p50/p99, 429s), then the
# server's resident memory before and after 10,000 GET /i requests. The server runs with
# --queue-length 16, so 32 connections overload it on purpose: the excess gets 429, not timeouts.
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR [FIXTURES_DIR]}
here=$(cd "$(dirname "$0")" && pwd)
fixtures=${2:-$here/../../../shared/fixtures}
duration=${DURATION:-10}
export BENCH_DIR=$here BENCH_IMAGE=$fixtures/bench/flowers.jpeg

work=$(mktemp -d)
"$build/bindings/server/thumbkit-server" --listen 127.0.0.1:0 --store "file://$work/data" \
  --queue-length 16 > "$work/server.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q '"listening"' "$work/server.log" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$work/server.log" | head -1)
base=http://127.0.0.1:$port
curl -sf -F s3Key=bench/source.jpg -F "file=@$BENCH_IMAGE" "$base/image" > /dev/null

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }

echo "| endpoint | connections | responses/s | 2xx/s | p50 ms | p99 ms | 429s | other errors |"
echo "|---|---|---|---|---|---|---|---|"
for script in get_thumbnail post_image; do
  for connections in 2 8 32; do
    threads=$(( connections < 2 ? connections : 2 ))
    line=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 10s \
             -s "$here/$script.lua" "$base" | grep '^{')
    endpoint=$([ "$script" = get_thumbnail ] && echo "GET /i" || echo "POST /image")
    echo "$line" | /usr/bin/python3 -c "
import json, sys
r = json.load(sys.stdin)
print('| $endpoint | $connections | %.0f | %.0f | %.1f | %.1f | %d | %d |' % (
    r['rps'], r['ok_rps'], r['p50_ms'], r['p99_ms'], r['status_429'],
    r['other_errors'] + r['socket_errors']))"
  done
done

# Memory: after a warm-up, at least 10,000 GET /i requests at 8 connections (wrk runs for a fixed
# time, so it is run in 10 s slices until the count is reached).
wrk -t2 -c8 -d10s -s "$here/get_thumbnail.lua" "$base" > /dev/null
before=$(rss_kib)
total=0
while [ "$total" -lt 10000 ]; do
  count=$(wrk -t2 -c8 -d10s -s "$here/get_thumbnail.lua" "$base" | grep '^{' |
          /usr/bin/python3 -c "import json, sys; print(json.load(sys.stdin)['requests'])")
  total=$((total + count))
done
after=$(rss_kib)
echo
echo "RSS before $total GET /i requests: $((before / 1024)) MiB; after: $((after / 1024)) MiB" \
     "($(/usr/bin/python3 -c "print('%+.1f%%' % (100.0 * ($after - $before) / $before))"))"
