#!/usr/bin/env bash
# Large-pinset restart benchmark (issue 14 item 7), loopback only: `pincluster up --peers 1` with up's settings, PINS
# absent CIDs through the batch route (16 clients x 1000 per request), then the peer's heap after a full collection
# (jcmd), a kill -9 of the peer, and `pincluster daemon` on the same folder: the time until its REST API answers and
# until it acknowledges a new pin (the snapshot loaded, the log after it replayed, the one-peer group leading again).
# Then (CATCHUP=1, the default) a new peer joins and the time until it serves the pinset is measured.
# Target (issue 14): 10M pins, heap <= 2 GiB, restart <= 15 s, a new peer caught up <= 60 s. Needs the machine to
# itself.
#
# Knobs (environment): PINS=10000000, BASE_PORT=19094, WORK=/tmp/pincluster-restart-bench, PC_BUILD_SUFFIX=-bench,
# SKIP_BUILD=1, MVN_FLAGS (e.g. -o), CATCHUP=1, NEW_PEER_OPTS (JVM options of the joining peer, e.g. a flight
# recording), QUIET_WAIT=15 (seconds idle before looking for the quiet-log snapshot, 0018/0002), CONTENT=inline (or
# absent: CIDs whose content no peer holds, as users pin).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SUFFIX="${PC_BUILD_SUFFIX:--bench}"
WORK="${WORK:-/tmp/pincluster-restart-bench}"
PINS="${PINS:-10000000}"
BASE_PORT="${BASE_PORT:-19094}"
QUIET_WAIT="${QUIET_WAIT:-15}"
PASSWORD="bench-$$"
export PINCLUSTER_PASSWORD="$PASSWORD"
# shellcheck source=up-lib.sh
. "$ROOT/benchmarks/up-lib.sh"
fresh_run
echo "== up --peers 1"
start_up 1
URL="http://127.0.0.1:$BASE_PORT"
PEER_DIR="$WORK/up/peer-0"
PEER_PID="$(pgrep -P "$UP_PID" java | head -1)"
# the restarted peer gets every JVM option up chose for it (heap, collector, huge pages, metaspace, refinement)
PEER_OPTS="$(ps -o args= -p "$PEER_PID" | tr ' ' '\n' | grep -e '^-X' | tr '\n' ' ')"
echo "peer options: $PEER_OPTS"
echo "== $PINS ${CONTENT:-inline} pins through POST /pins (16 clients x 1000)"
start=$(date +%s.%N)
java -Xmx1g -cp "$BENCH_CP" io.pincluster.bench.load.PinLoad --url "$URL" --clients 16 --count $((PINS / 1000)) \
  --duration 3600 --warmup 0 --content "${CONTENT:-inline}" --batch 1000 --rate 0 --label "restart-$$" | grep RESULT
echo "loaded in $(echo "$(date +%s.%N) - $start" | bc) s"
# No load: the quiet-log snapshot is taken (10 s after the last entry), as it would be after any bulk load. At ten
# million pins it takes 6-15 s to write, so wait for it (up to QUIET_WAIT + 60 s) rather than kill the peer mid-write.
newest_snapshot() { ls "$PEER_DIR"/raft/*/sm/snapshot.*.md5 2>/dev/null | sed 's/.*snapshot\.[0-9]*_//; s/\.md5//' \
  | sort -n | tail -1; }
applied="$(curl -sf -u "admin:$PASSWORD" "http://127.0.0.1:$((BASE_PORT + 6))/metrics" \
  | awk '/^pincluster_raft_applied_index/ {print int($2)}')"
sleep "$QUIET_WAIT"
for _ in $(seq 1 120); do
  # the quiet snapshot covers the last entry of the load (or, being 10 s later, the Raft configuration after it)
  [ "$(newest_snapshot)" -ge "${applied:-0}" ] 2>/dev/null && break
  sleep 0.5
done
echo "newest snapshot at log index $(newest_snapshot), last applied after the load ${applied:-unknown}"
jcmd "$PEER_PID" GC.run > /dev/null
echo "heap after a full collection: $(jcmd "$PEER_PID" GC.heap_info | grep -o 'used [0-9]*K' | head -1)"
ls -l "$PEER_DIR"/raft/*/sm 2>/dev/null | tail -3 || true
echo "== kill -9 of the peer, then pincluster daemon on its folder"
kill -9 "$PEER_PID"
wait "$UP_PID" 2>/dev/null || true
UP_PID=
start=$(date +%s.%N)
# shellcheck disable=SC2086 # the heap and collector up gave the peer, word-split on purpose
java -Dpincluster.peer.dir="$PEER_DIR" $PEER_OPTS -cp "$SERVICE_CP" io.pincluster.service.cli.Main daemon \
  "$PEER_DIR" >> "$WORK/restart.log" 2>&1 &
DAEMON_PID=$!
trap 'kill -TERM $DAEMON_PID 2>/dev/null; wait $DAEMON_PID 2>/dev/null || true' EXIT
answered=""
for _ in $(seq 1 6000); do
  if [ -z "$answered" ] && curl -sf -o /dev/null -u "admin:$PASSWORD" "$URL/id"; then
    answered=$(echo "$(date +%s.%N) - $start" | bc)
  fi
  if [ -n "$answered" ] && curl -sf -o /dev/null -u "admin:$PASSWORD" -X POST \
      "$URL/pins/bafkqae3smvzxiylsoqwwezlomnuc24dsn5rgk"; then
    echo "RESULT restart pins=$PINS api_s=$answered first_write_s=$(echo "$(date +%s.%N) - $start" | bc)"
    grep -m1 "loaded snapshot" "$WORK/restart.log" "$PEER_DIR"/*.log 2>/dev/null | cut -c1-200 || true
    # the whole restarted peer once its tracker's catch-up walk (decision 0010) is over: what it holds for good
    for _ in $(seq 1 600); do
      jstack "$DAEMON_PID" 2>/dev/null | grep -q '"pin-tracker-catch-up"' || break
      sleep 0.5
    done
    echo "catch-up walk over after $(echo "$(date +%s.%N) - $start" | bc) s"
    jcmd "$DAEMON_PID" GC.run > /dev/null
    echo "restarted peer's heap after a full collection: $(jcmd "$DAEMON_PID" GC.heap_info | grep -o 'used [0-9]*K' \
      | head -1)"
    # Issue 14, "waiting is free": the restarted peer's CPU in 10 s windows until its tracker has worked through
    # what the catch-up queued (with absent content: every pin, each asked of the leader once) and it is idle.
    ticks() { awk '{print $14 + $15}' "/proc/$DAEMON_PID/stat"; }
    hz=$(getconf CLK_TCK)
    windows=""
    for _ in $(seq 1 30); do
      t0=$(ticks); sleep 10; t1=$(ticks)
      pct=$(( (t1 - t0) * 100 / (10 * hz) ))
      windows="$windows $pct%"
      [ "$pct" -lt 5 ] && break
    done
    echo "RESULT restarted-cpu windows_10s=[${windows# }] settled_after_s=$(echo "$(date +%s.%N) - $start" | bc)"
    # A new peer joining the restarted one (issue 14: caught up <= 60 s): it gets the leader's snapshot by Ratis'
    # install and replays the log after it; caught up = it answers GET /allocations for the pin written after the
    # restart (newer than any snapshot). Same heap and collector as the others.
    if [ "${CATCHUP:-1}" = 1 ]; then
      NEW_DIR="$WORK/new-peer"
      NB=$((BASE_PORT + 100))
      SECRET="$(grep -o '"secret" *: *"[0-9a-f]*"' "$PEER_DIR/service.json" | grep -o '[0-9a-f]\{16,\}')"
      java -cp "$SERVICE_CP" io.pincluster.service.cli.Main init "$NEW_DIR" --peername new --password "$PASSWORD" \
        --secret "$SECRET" --rest-port "$NB" --raft-port $((NB + 4)) --gateway-port $((NB + 5)) \
        --metrics-port $((NB + 6)) > /dev/null
      echo "== a new peer joins"
      start=$(date +%s.%N)
      # shellcheck disable=SC2086
      PINCLUSTER_CLUSTER_RPC_LISTEN=127.0.0.1:$((NB + 2)) PINCLUSTER_PSA_LISTEN=127.0.0.1:$((NB + 3)) \
        PINCLUSTER_IPFSPROXY_LISTEN=127.0.0.1:$((NB + 1)) java -Dpincluster.peer.dir="$NEW_DIR" $PEER_OPTS \
        ${NEW_PEER_OPTS:-} \
        -cp "$SERVICE_CP" io.pincluster.service.cli.Main daemon "$NEW_DIR" --join "127.0.0.1:$((BASE_PORT + 2))" \
        >> "$WORK/new-peer.log" 2>&1 &
      NEW_PID=$!
      trap 'kill -TERM $DAEMON_PID $NEW_PID 2>/dev/null; wait $DAEMON_PID $NEW_PID 2>/dev/null || true' EXIT
      caught=""
      for _ in $(seq 1 3000); do
        if curl -sf -o /dev/null -u "admin:$PASSWORD" \
            "http://127.0.0.1:$NB/allocations/bafkqae3smvzxiylsoqwwezlomnuc24dsn5rgk"; then
          caught=$(echo "$(date +%s.%N) - $start" | bc)
          break
        fi
        kill -0 "$NEW_PID" 2>/dev/null || break
        sleep 0.1
      done
      if [ -z "$caught" ]; then
        echo "the new peer did not catch up within 300 s"; tail -30 "$WORK/new-peer.log"; exit 1
      fi
      echo "RESULT catch-up pins=$PINS caught_up_s=$caught"
      grep -m1 "loaded snapshot" "$WORK/new-peer.log" "$NEW_DIR"/*.log 2>/dev/null | cut -c1-200 || true
    fi
    exit 0
  fi
  sleep 0.05
done
echo "the restarted peer did not acknowledge a write within 300 s"; tail -20 "$WORK/restart.log"; exit 1
