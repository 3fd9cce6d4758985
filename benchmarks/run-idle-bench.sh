#!/usr/bin/env bash
# Idle-after-ingest benchmark (issue 14 target: "100,000 absent pins acknowledged: within 60 s every peer is below
# 5% of a core and stays there"), loopback only: `pincluster up --peers 3` with up's settings, PINS absent CIDs
# (content no peer holds) through the batch route (16 clients, 1000 per request), then every peer's CPU as a share
# of one core, per 5 s, for DURATION seconds after the last acknowledgement. PINS=0 measures an idle cluster's
# baseline the same way. Needs the machine to itself.
#
# Knobs (environment): PINS=100000, DURATION=180, BASE_PORT=19094, WORK=/tmp/pincluster-idle-bench,
# PC_BUILD_SUFFIX=-bench, MVN_FLAGS (e.g. -o), SKIP_BUILD=1.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SUFFIX="${PC_BUILD_SUFFIX:--bench}"
WORK="${WORK:-/tmp/pincluster-idle-bench}"
PINS="${PINS:-100000}"
DURATION="${DURATION:-180}"
BASE_PORT="${BASE_PORT:-19094}"
PASSWORD="bench-$$"
export PINCLUSTER_PASSWORD="$PASSWORD"

# shellcheck source=up-lib.sh
. "$ROOT/benchmarks/up-lib.sh"
fresh_run
echo "== up --peers 3"
start_up 3
up_peers
if [ "$PINS" -gt 0 ]; then
  echo "== $PINS absent pins through POST /pins (16 clients, 1000 per request)"
  java -Xmx1g -cp "$BENCH_CP" io.pincluster.bench.load.PinLoad --url "$URLS" --clients 16 \
    --count $(((PINS + 999) / 1000)) --duration 600 --warmup 0 --content absent --batch 1000 --rate 0 \
    --label "idle-$$" | grep RESULT
fi
echo "== CPU per peer (share of one core) per 5 s, peers $PIDS"
ticks() { for p in $PIDS; do awk '{print $14 + $15}' "/proc/$p/stat"; done | paste -sd' '; }
read -r -a prev <<< "$(ticks)"
worst_after_60=0
for i in $(seq 1 $((DURATION / 5))); do
  sleep 5
  read -r -a cur <<< "$(ticks)"
  line="t=$((i * 5))s"
  for j in "${!cur[@]}"; do
    share=$(awk -v a="${cur[$j]}" -v b="${prev[$j]}" 'BEGIN { printf "%.3f", (a - b) / 100 / 5 }')
    line="$line $share"
    if [ $((i * 5)) -gt 60 ]; then
      worst_after_60=$(awk -v w="$worst_after_60" -v s="$share" 'BEGIN { print (s > w ? s : w) }')
    fi
  done
  echo "$line"
  prev=("${cur[@]}")
done
echo "RESULT idle pins=$PINS worst_peer_share_after_60s=$worst_after_60"
