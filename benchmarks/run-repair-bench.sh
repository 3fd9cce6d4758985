#!/usr/bin/env bash
# Repair benchmark (issue 12), loopback only: `pincluster up --peers 5` (zones as up assigns them) with
# repair.peer_down_after=3s, repair.repair_grace=0s and monitor.interval=1s, FILES small real files added through /add, then one
# follower kill -9ed. Prints the time to detection, until every re-allocation is committed, until every new copy is
# pinned, and the leader's CPU meanwhile (io.pincluster.bench.load.RepairProbe). Needs the machine to itself.
#
# Knobs (environment): FILES=100000, BASE_PORT=19094, WORK=/tmp/pincluster-repair-bench,
# PEER_JAVA_OPTS (default -Xmx1g), PC_BUILD_SUFFIX=-bench, SKIP_BUILD=1, MVN_FLAGS (e.g. -o),
# JFR=/path/file.jfr (the leader's flight recording from the kill until every new copy is pinned, profile settings).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SUFFIX="${PC_BUILD_SUFFIX:--bench}"
WORK="${WORK:-/tmp/pincluster-repair-bench}"
FILES="${FILES:-100000}"
BASE_PORT="${BASE_PORT:-19094}"
PASSWORD="bench-$$"
export PINCLUSTER_PASSWORD="$PASSWORD"
export PINCLUSTER_PEER_JAVA_OPTS="${PEER_JAVA_OPTS:--Xmx1g}"
# peer_down_after must exceed the ping interval (monitor.interval, 5s by default): pings every second here.
export PINCLUSTER_REPAIR_PEER_DOWN_AFTER=3s PINCLUSTER_REPAIR_REPAIR_GRACE=0s
export PINCLUSTER_MONITOR_INTERVAL=1s PINCLUSTER_MONITOR_TTL=4s

# shellcheck source=up-lib.sh
. "$ROOT/benchmarks/up-lib.sh"
fresh_run
echo "== up --peers 5 (peer_down_after 3s, repair_grace 0s)"
start_up 5

ARGS=()
for i in 0 1 2 3 4; do # each peer's block of 10 ports: REST +0, metrics +6 (PeerPorts)
  rest=$((BASE_PORT + 10 * i)); metrics=$((rest + 6))
  ARGS+=(--peer "http://127.0.0.1:$rest,http://127.0.0.1:$metrics/metrics,$WORK/up/peer-$i")
done
echo "== $FILES files, then kill -9 of a follower"
[ -n "${JFR:-}" ] && ARGS+=(--jfr "$JFR")
java -Xmx1g -cp "$BENCH_CP" io.pincluster.bench.load.RepairProbe --password "$PASSWORD" --files "$FILES" "${ARGS[@]}" \
  | tee "$WORK/probe.log"
