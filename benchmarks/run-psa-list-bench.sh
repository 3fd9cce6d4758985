#!/usr/bin/env bash
# Issue 15: GET /pins?limit=1000 with each filter over a million Pinning Service API requests, through the real PSA
# server on loopback (rest-api's PsaListBenchmark, see its comment for what is real and what is not). Prints time per
# query, bytes allocated per request and the heap a request leaves behind.
#   REQUESTS=1000000 TENANTS=10 ROUNDS=20 HEAP=3g benchmarks/run-psa-list-bench.sh
# STATUS_INDEX=false answers status filters as before decision 0023 (the cluster asked for every candidate).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SUFFIX="${SUFFIX:--psabench}"
CP_FILE="$(mktemp)"
LOGBACK="$(mktemp --suffix=.xml)"
trap 'rm -f "$CP_FILE" "$LOGBACK"' EXIT
cat > "$LOGBACK" <<'XML'
<configuration><appender name="E" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%d{HH:mm:ss} %level %logger{20} %msg%n</pattern></encoder></appender><root level="WARN"><appender-ref ref="E"/></root></configuration>
XML
echo "== build rest-api's test classes (mvn -Dpc.buildSuffix=$SUFFIX)"
(cd "$ROOT" && mvn -B -q ${MVN_FLAGS:-} -Dpc.buildSuffix="$SUFFIX" -pl rest-api -am test-compile \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE")
CP="$ROOT/rest-api/target$SUFFIX/test-classes:$ROOT/rest-api/target$SUFFIX/classes:$(cat "$CP_FILE")"
java -Xmx"${HEAP:-3g}" -XX:+UseG1GC -Dlogback.configurationFile="$LOGBACK" -cp "$CP" io.pincluster.rest.PsaListBenchmark \
  --requests "${REQUESTS:-1000000}" --tenants "${TENANTS:-10}" --rounds "${ROUNDS:-20}" \
  --status-index "${STATUS_INDEX:-true}"
