#!/usr/bin/env bash
# Gateway benchmark (issue 14 item 6), loopback only: one peer as `pincluster up --peers 1` starts it, a 64 KiB and a
# 4 MiB random file added through /add, and nginx on a free port serving the same two files from disk. Both are
# warmed up, then wrk (1 thread, 32 connections, 10 s) asks each server for each file. Prints requests/s and bytes/s
# per server and file, and the ratios against the issue's targets: gateway >= 0.5x nginx requests/s for 64 KiB, >= 0.9x
# nginx bytes/s for 4 MiB. Installs wrk and nginx with apt-get when missing. Needs the machine to itself: wrk, nginx
# and the peer share the cores, and another busy process moves every number.
#
# Knobs (environment): WRK_THREADS=1, WRK_CONNECTIONS=32, DURATION=10 (seconds per run), WARMUP=5 (seconds of wrk per
# server and file before measuring; the first also JIT-compiles the gateway), BASE_PORT=19294, WORK=/tmp/pincluster-
# gateway-bench, PEER_JAVA_OPTS (default: none, so `up` sizes the heap as it does for users; add e.g.
# -XX:StartFlightRecording=filename=/tmp/gw.jfr,settings=profile to profile the peer), PC_BUILD_SUFFIX=-bench
# (Maven build dir suffix), MVN_FLAGS (e.g. -o), SKIP_BUILD=1 to reuse the jars of an earlier build.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SUFFIX="${PC_BUILD_SUFFIX:--bench}"
WORK="${WORK:-/tmp/pincluster-gateway-bench}"
WRK_THREADS="${WRK_THREADS:-1}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-32}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-5}"
BASE_PORT="${BASE_PORT:-19294}"
PASSWORD="bench-$$"
export PINCLUSTER_PASSWORD="$PASSWORD"
PEER_JAVA_OPTS="${PEER_JAVA_OPTS:-}"
[ -n "$PEER_JAVA_OPTS" ] && export PINCLUSTER_PEER_JAVA_OPTS="$PEER_JAVA_OPTS"

# wrk and nginx by Debian package name when missing, as .ci/run installs its packages; nginx's own service must not
# start (it would take port 80 and outlive the benchmark), so a policy-rc.d refuses service starts meanwhile.
install_tools() {
  local wanted=() tool
  for tool in wrk nginx; do
    command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || wanted+=("$tool")
  done
  [ ${#wanted[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
    echo "run-gateway-bench: needs ${wanted[*]}, and cannot install them (no apt-get, or not root)" >&2
    exit 1
  fi
  if ! apt-get update -qq; then
    echo "run-gateway-bench: the Debian package registry is unreachable: cannot install ${wanted[*]}" >&2
    exit 1
  fi
  local policy=/usr/sbin/policy-rc.d made_policy=0 status=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 0755 "$policy" && made_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${wanted[@]}" || status=$?
  [ "$made_policy" = 1 ] && rm -f "$policy"
  if [ "$status" != 0 ]; then
    echo "run-gateway-bench: apt-get install ${wanted[*]} failed (exit $status)" >&2
    exit "$status"
  fi
}
install_tools
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

rm -rf "$WORK" && mkdir -p "$WORK/www" "$WORK/nginx"
UP_PID=""
NGINX_STARTED=0
cleanup() {
  if [ "$NGINX_STARTED" = 1 ]; then # its master, by the pid it wrote; the workers follow it
    local pid
    pid="$(cat "$WORK/nginx/nginx.pid" 2>/dev/null || true)"
    [ -n "$pid" ] && kill -QUIT "$pid" 2>/dev/null || true
  fi
  if [ -n "$UP_PID" ]; then kill -TERM "$UP_PID" 2>/dev/null && wait "$UP_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

# shellcheck source=up-lib.sh
. "$ROOT/benchmarks/up-lib.sh"
[ "${SKIP_BUILD:-0}" = 1 ] || build_service
echo "== up --peers 1 (base port $BASE_PORT)"
start_up 1
REST="http://127.0.0.1:$BASE_PORT"          # PeerPorts: REST +0, gateway +5
GATEWAY="http://127.0.0.1:$((BASE_PORT + 5))"

echo "== files: 64 KiB and 4 MiB of random bytes, added through /add"
head -c 65536 /dev/urandom > "$WORK/www/f64k.bin"
head -c 4194304 /dev/urandom > "$WORK/www/f4m.bin"
add() { # file -> CID
  curl -sf -u "admin:$PASSWORD" -F "file=@$1" "$REST/add" | grep -o '"cid":"[^"]*"' | head -1 | cut -d'"' -f4
}
CID_64K="$(add "$WORK/www/f64k.bin")"
CID_4M="$(add "$WORK/www/f4m.bin")"
[ -n "$CID_64K" ] && [ -n "$CID_4M" ] || { echo "/add gave no CID"; exit 1; }
echo "   64 KiB: $CID_64K   4 MiB: $CID_4M"

# The gateway answers once the pin's blocks are in the store (/add stores them before it answers).
cmp <(curl -sf "$GATEWAY/ipfs/$CID_64K") "$WORK/www/f64k.bin" || { echo "gateway gives other bytes (64 KiB)"; exit 1; }
cmp <(curl -sf "$GATEWAY/ipfs/$CID_4M") "$WORK/www/f4m.bin" || { echo "gateway gives other bytes (4 MiB)"; exit 1; }

NGINX_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' \
  2>/dev/null || echo $((BASE_PORT + 50)))"
mkdir -p "$WORK/nginx/tmp" "$WORK/nginx/logs"
cat > "$WORK/nginx/nginx.conf" <<EOF
# Minimal static file server for the comparison: the same two files from disk, as fast as nginx serves them.
daemon on;
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  types { application/octet-stream bin; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
  }
}
EOF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
NGINX_STARTED=1
NGINX_URL="http://127.0.0.1:$NGINX_PORT"
cmp <(curl -sf "$NGINX_URL/f64k.bin") "$WORK/www/f64k.bin" || { echo "nginx does not serve the files"; exit 1; }

# wrk's summary: "Requests/sec: 1234.56" and "Transfer/sec: 12.34MB" (KB/MB/GB are powers of 1024).
run_wrk() { # name url seconds -> prints "requests/s bytes/s"
  local out="$WORK/wrk-$1.txt"
  wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$3"s "$2" > "$out" 2>&1 || { cat "$out" >&2; exit 1; }
  if grep -q 'Non-2xx' "$out"; then echo "$1: non-2xx answers:" >&2; cat "$out" >&2; exit 1; fi
  awk '/^Requests\/sec:/ {r=$2}
       /^Transfer\/sec:/ {v=$2; m=1; if (v ~ /GB$/) m=1024^3; else if (v ~ /MB$/) m=1024^2; else if (v ~ /KB$/) m=1024;
                          sub(/[KMG]?B$/, "", v); b=v*m}
       END {printf "%.0f %.0f\n", r, b}' "$out"
}

echo "== warm-up (${WARMUP}s each)"
for url in "$GATEWAY/ipfs/$CID_64K" "$GATEWAY/ipfs/$CID_4M" "$NGINX_URL/f64k.bin" "$NGINX_URL/f4m.bin"; do
  wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WARMUP"s "$url" > /dev/null
done

echo "== wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${DURATION}s"
read -r NG64_R NG64_B < <(run_wrk nginx-64k "$NGINX_URL/f64k.bin" "$DURATION")
read -r GW64_R GW64_B < <(run_wrk gateway-64k "$GATEWAY/ipfs/$CID_64K" "$DURATION")
read -r NG4M_R NG4M_B < <(run_wrk nginx-4m "$NGINX_URL/f4m.bin" "$DURATION")
read -r GW4M_R GW4M_B < <(run_wrk gateway-4m "$GATEWAY/ipfs/$CID_4M" "$DURATION")

SUMMARY="$WORK/summary.txt"
{
  echo
  echo "Gateway vs nginx, same machine, same files (wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${DURATION}s, $(nproc) cores)"
  printf '%-8s %-8s %14s %14s\n' file server requests/s MB/s
  awk -v a="$NG64_R" -v b="$NG64_B" 'BEGIN {printf "%-8s %-8s %14.0f %14.1f\n", "64 KiB", "nginx", a, b/1e6}'
  awk -v a="$GW64_R" -v b="$GW64_B" 'BEGIN {printf "%-8s %-8s %14.0f %14.1f\n", "64 KiB", "gateway", a, b/1e6}'
  awk -v a="$NG4M_R" -v b="$NG4M_B" 'BEGIN {printf "%-8s %-8s %14.0f %14.1f\n", "4 MiB", "nginx", a, b/1e6}'
  awk -v a="$GW4M_R" -v b="$GW4M_B" 'BEGIN {printf "%-8s %-8s %14.0f %14.1f\n", "4 MiB", "gateway", a, b/1e6}'
  awk -v g="$GW64_R" -v n="$NG64_R" 'BEGIN {r = 0; if (n > 0) r = g / n; v = "NOT met"; if (r >= 0.5) v = "met";
    printf "64 KiB requests/s: %.2fx nginx (target >= 0.5x): %s\n", r, v}'
  awk -v g="$GW4M_B" -v n="$NG4M_B" 'BEGIN {r = 0; if (n > 0) r = g / n; v = "NOT met"; if (r >= 0.9) v = "met";
    printf "4 MiB bytes/s:     %.2fx nginx (target >= 0.9x): %s\n", r, v}'
  echo "raw wrk output: $WORK/wrk-*.txt"
} | tee "$SUMMARY"
