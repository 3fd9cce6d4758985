#!/usr/bin/env bash
# How long the three peers of `pincluster up` keep compiling under load, and what the JIT costs the measured
# settings (issue 14; benchmarks/README "Session 22"). Loopback only; needs the machine to itself.
#   MODE=chunks     - CHUNKS loads of 20 s, each a new load-generator process with 128 clients and absent CIDs
#                     (as run-cluster-bench.sh runs its settings): per chunk, pins/s and each peer's JIT CPU
#   MODE=continuous - one load of LEN seconds: every 20 s each peer's JIT CPU (cumulative) and compiled methods
# JIT CPU is the C1 and C2 compiler threads' user+system time from /proc/<pid>/task/*/stat, in 10 ms ticks.
# PEER_JAVA_OPTS replaces up's JVM options (e.g. to try -XX:TieredStopAtLevel=1 with up's heap and collector).
#
# Knobs (environment): MODE=chunks, CHUNKS=9, LEN=240, BASE_PORT=19094, WORK=/tmp/pincluster-jit-bench,
# PC_BUILD_SUFFIX=-bench, MVN_FLAGS (e.g. -o), SKIP_BUILD=1.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SUFFIX="${PC_BUILD_SUFFIX:--bench}"
WORK="${WORK:-/tmp/pincluster-jit-bench}"
MODE="${MODE:-chunks}"
CHUNKS="${CHUNKS:-9}"
LEN="${LEN:-240}"
BASE_PORT="${BASE_PORT:-19094}"
PASSWORD="bench-$$"
export PINCLUSTER_PASSWORD="$PASSWORD"
[ -n "${PEER_JAVA_OPTS:-}" ] && export PINCLUSTER_PEER_JAVA_OPTS="$PEER_JAVA_OPTS"

# shellcheck source=up-lib.sh
. "$ROOT/benchmarks/up-lib.sh"
fresh_run
echo "== up --peers 3"
start_up 3
up_peers

jit_ticks() { # pid: the compiler threads' CPU so far, in ticks
  local t sum=0
  for t in /proc/"$1"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in
      C1\ CompilerThre* | C2\ CompilerThre*) sum=$((sum + $(sed 's/.*) //' "$t/stat" | awk '{print $12 + $13}'))) ;;
    esac
  done
  echo "$sum"
}
load() { # seconds label
  java -Xmx1g -cp "$BENCH_CP" io.pincluster.bench.load.PinLoad --url "$URLS" --clients 128 --count 10000000 \
    --duration "$1" --warmup 0 --content absent --label "$2-$$"
}

if [ "$MODE" = continuous ]; then
  echo "== one load of $LEN s; per peer: JIT ticks so far, methods compiled so far"
  load "$LEN" continuous > "$WORK/load.txt" &
  LOAD_PID=$!
  for i in $(seq 1 $((LEN / 20))); do
    sleep 20
    line="t=$((i * 20))s"
    for p in $PIDS; do line="$line | jit=$(jit_ticks "$p") compiled=$(jstat -compiler "$p" | tail -1 | awk '{print $1}')"; done
    echo "$line"
  done
  wait "$LOAD_PID"
  grep '^RESULT' "$WORK/load.txt"
else
  echo "== $CHUNKS loads of 20 s, each a new client process; per peer: JIT ticks during the chunk"
  for i in $(seq 1 "$CHUNKS"); do
    before=""; for p in $PIDS; do before="$before $(jit_ticks "$p")"; done
    rate="$(load 20 "chunk$i" | grep -o 'pins/s=[0-9]*')"
    line="chunk $i $rate jit:"
    set -- $before
    for p in $PIDS; do line="$line $(($(jit_ticks "$p") - $1))"; shift; done
    echo "$line"
  done
fi
