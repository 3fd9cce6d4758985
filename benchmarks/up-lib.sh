# Shared by the benchmark scripts (sourced, not run): build the service jar and start `pincluster up` as a user
# would. Needs ROOT (the checkout), SUFFIX (Maven build folder suffix), WORK, PASSWORD and BASE_PORT; sets
# SERVICE_CP and UP_PID. The caller's EXIT trap stops UP_PID.

# build_service [extra modules, comma-separated]: `mvn package` of cluster-service (and those), tests skipped.
build_service() {
  local modules="cluster-service${1:+,$1}"
  echo "== build (mvn -Dpc.buildSuffix=$SUFFIX, tests skipped)"
  (cd "$ROOT" && mvn -B -q ${MVN_FLAGS:-} -Dpc.buildSuffix="$SUFFIX" -DskipTests -pl "$modules" -am package)
}

# service_classpath: the service jar and its lib/ folder, as the launcher uses them.
service_classpath() {
  local jar
  jar="$(ls "$ROOT"/cluster-service/target"$SUFFIX"/cluster-service-*.jar | grep -v -e '-tests' -e '-sources' | head -1)"
  SERVICE_CP="$jar:$ROOT/cluster-service/target$SUFFIX/lib/*"
}

# start_up <peers>: `up --peers N` in the background (log: $WORK/up.log), waiting until it prints READY.
start_up() {
  service_classpath
  java -cp "$SERVICE_CP" io.pincluster.service.cli.Main up --peers "$1" --data "$WORK/up" --password "$PASSWORD" \
    --base-port "$BASE_PORT" > "$WORK/up.log" 2>&1 &
  UP_PID=$!
  for _ in $(seq 1 360); do
    grep -q 'pincluster up: READY' "$WORK/up.log" && return 0
    kill -0 "$UP_PID" 2>/dev/null || { echo "up exited:"; tail -40 "$WORK/up.log"; exit 1; }
    sleep 0.5
  done
  echo "up not ready:"; tail -40 "$WORK/up.log"; exit 1
}

# up_peers: after start_up, URLS (the peers' REST APIs, comma-separated) and PIDS (their processes, space-separated).
up_peers() {
  URLS="$(grep -o 'REST API http://[0-9.:]*' "$WORK/up.log" | awk '{print $3}' | paste -sd, -)"
  PIDS="$(pgrep -f -- "-Dpincluster.peer.dir=$WORK/up/peer-" | paste -sd' ')"
}

# stop_up: stops `up` (and so its peers) if it was started; the scripts' EXIT trap.
stop_up() { [ -n "${UP_PID:-}" ] && kill -TERM "$UP_PID" 2>/dev/null && wait "$UP_PID" 2>/dev/null || true; }

# fresh_run: an empty $WORK, `up` stopped on exit, the service and the benchmarks built unless SKIP_BUILD=1;
# sets BENCH_CP.
fresh_run() {
  rm -rf "$WORK" && mkdir -p "$WORK"
  UP_PID=""
  trap stop_up EXIT
  [ -n "${SKIP_BUILD:-}" ] || build_service benchmarks
  BENCH_CP="$ROOT/benchmarks/target$SUFFIX/benchmarks.jar"
}
