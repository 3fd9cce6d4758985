#!/usr/bin/env bash
# Repair benchmark (issue 12), loopback only: `pincluster up --peers 5` (zones as up assigns them) with
# repair.peer_down_after=3s, repair.repair_grace=0s and monitor.interval=1s, FILES small real files added through /add, then one
# follower kill -9ed. Prints the time to detection, until every re-allocation is committed, until every new copy is
# pinned, and the leader's CPU meanwhile (io.pincluster.bench.load.RepairProbe). Needs the machine to itself.
#
# Knobs (environment): FILES=100000, BASE_PORT=19094, WORK=/tmp/pincluster-repair-bench,
# PEER_JAVA_OPTS (default: none, so up sizes the peers as it does for users), PC_BUILD_SUFFIX=-bench, SKIP_BUILD=1, MVN_FLAGS (e.g. -o),
# JFR=/path/file.jfr (the leader's flight recording from the kill until every new copy is pinned, profile settings),
# SAVE_TO=/dir (add the files, stop the settled cluster and copy its folders there; no kill),
# FROM_SAVED=/dir (start from such a copy instead of adding: the repair alone, about a minute at 100,000 files),
# WARMUP_FILES=N (with FROM_SAVED: add N new files first, so the peers' JVMs are warm as a running cluster's are).
# For example: FILES=100000 SAVE_TO=/tmp/repair-100k benchmarks/run-repair-bench.sh once, then
# SKIP_BUILD=1 FROM_SAVED=/tmp/repair-100k benchmarks/run-repair-bench.sh per experiment (same build only).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SUFFIX="${PC_BUILD_SUFFIX:--bench}"
WORK="${WORK:-/tmp/pincluster-repair-bench}"
FILES="${FILES:-100000}"
BASE_PORT="${BASE_PORT:-19094}"
PASSWORD="bench-$$"
[ -n "${FROM_SAVED:-}" ] && PASSWORD="$(cat "$FROM_SAVED/password")" && FILES="$(cat "$FROM_SAVED/files")"
export PINCLUSTER_PASSWORD="$PASSWORD"
# Unset, `up` sizes each peer's heap and collector from the machine, as it does for a user (issue 14 item 3). Until
# session 31 this script gave every peer -Xmx1g instead: a quarter of up's heap here, with G1's young pauses every
# ~0.5 s on the leader during a repair.
if [ -n "${PEER_JAVA_OPTS:-}" ]; then export PINCLUSTER_PEER_JAVA_OPTS="$PEER_JAVA_OPTS"; else unset PINCLUSTER_PEER_JAVA_OPTS; fi
# peer_down_after must exceed the ping interval (monitor.interval, 5s by default): pings every second here.
export PINCLUSTER_REPAIR_PEER_DOWN_AFTER=3s PINCLUSTER_REPAIR_REPAIR_GRACE=0s
export PINCLUSTER_MONITOR_INTERVAL=1s PINCLUSTER_MONITOR_TTL=4s

# shellcheck source=up-lib.sh
. "$ROOT/benchmarks/up-lib.sh"
fresh_run
if [ -n "${FROM_SAVED:-}" ]; then
  echo "== the cluster saved in $FROM_SAVED ($FILES files)"
  cp -a "$FROM_SAVED/up" "$WORK/up"
fi
echo "== up --peers 5 (peer_down_after 3s, repair_grace 0s)"
start_up 5

ARGS=()
for i in 0 1 2 3 4; do # each peer's block of 10 ports: REST +0, metrics +6 (PeerPorts)
  rest=$((BASE_PORT + 10 * i)); metrics=$((rest + 6))
  ARGS+=(--peer "http://127.0.0.1:$rest,http://127.0.0.1:$metrics/metrics,$WORK/up/peer-$i")
done
[ -n "${JFR:-}" ] && ARGS+=(--jfr "$JFR")
if [ -n "${SAVE_TO:-}" ]; then
  echo "== $FILES files, then the settled cluster saved in $SAVE_TO"
  java -Xmx1g -cp "$BENCH_CP" io.pincluster.bench.load.RepairProbe --password "$PASSWORD" --files "$FILES" \
    --add-only true "${ARGS[@]}" | tee "$WORK/probe.log"
  stop_up
  rm -rf "$SAVE_TO" && mkdir -p "$SAVE_TO" && cp -a "$WORK/up" "$SAVE_TO/up"
  echo "$PASSWORD" > "$SAVE_TO/password" && echo "$FILES" > "$SAVE_TO/files"
  exit 0
fi
ADD="$FILES"
[ -n "${FROM_SAVED:-}" ] && ADD="${WARMUP_FILES:-0}"
echo "== $FILES files, then kill -9 of a follower"
java -Xmx1g -cp "$BENCH_CP" io.pincluster.bench.load.RepairProbe --password "$PASSWORD" --files "$ADD" \
  --first "$([ -n "${FROM_SAVED:-}" ] && echo "$FILES" || echo 0)" "${ARGS[@]}" \
  | tee "$WORK/probe.log"
