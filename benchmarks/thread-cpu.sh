#!/usr/bin/env bash
# Where each process's CPU went over a window, by thread group: `benchmarks/thread-cpu.sh SECONDS PID...`.
# Reads every thread's user + system ticks from /proc/<pid>/task/<tid>/stat at the start and the end of the window
# and sums them by thread name with trailing numbers dropped ("grpc-default-worker-ELG-3-2" and "...-3-1" count
# together), so a benchmark can say which part of a peer used the machine (the JIT's compiler threads, the Raft
# server threads, the collector, the HTTP event loops) without a profiler attached. Linux only; names are the
# kernel's 15-character thread names. Sessions 24-26 used it beside run-cluster-bench.sh and run-repair-bench.sh,
# e.g. `benchmarks/thread-cpu.sh 20 $(pgrep -f 'cli.Main daemon')`.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 SECONDS PID..." >&2; exit 2; }
SECONDS_WINDOW="$1"
shift
HZ="$(getconf CLK_TCK)"

snapshot() { # pid -> lines "tid<TAB>name<TAB>ticks"
  local pid="$1" stat
  for stat in /proc/"$pid"/task/*/stat; do
    # the name sits between the first "(" and the last ")"; fields 14 and 15 (utime, stime) follow it
    cat "$stat" 2>/dev/null || true
  done | awk '{
    line = $0
    openp = index(line, "("); closep = 0
    for (i = length(line); i > 0; i--) if (substr(line, i, 1) == ")") { closep = i; break }
    name = substr(line, openp + 1, closep - openp - 1)
    split(substr(line, closep + 2), f, " ")
    printf "%s\t%s\t%d\n", $1, name, f[12] + f[13]
  }'
}

declare -A BEFORE
for pid in "$@"; do
  BEFORE[$pid]="$(snapshot "$pid")"
done
sleep "$SECONDS_WINDOW"
for pid in "$@"; do
  after="$(snapshot "$pid")"
  # ticks used per thread in the window (a thread born during it counts from zero), summed by name
  awk -F'\t' -v hz="$HZ" -v pid="$pid" -v secs="$SECONDS_WINDOW" '
    NR == FNR { before[$1] = $3; next }
    {
      name = $2; sub(/[-#]?[0-9]+$/, "", name); sub(/[-#]?[0-9]+$/, "", name)
      used[name] += ($3 - (($1 in before) ? before[$1] : 0)) / hz
      total += ($3 - (($1 in before) ? before[$1] : 0)) / hz
    }
    END {
      n = 0
      for (k in used) { keys[++n] = k }
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (used[keys[j]] > used[keys[i]]) {
        t = keys[i]; keys[i] = keys[j]; keys[j] = t
      }
      line = sprintf("pid %s: %.2f CPU-s in %s s:", pid, total, secs)
      for (i = 1; i <= n && i <= 12; i++) line = line sprintf(" %s %.2f,", keys[i], used[keys[i]])
      sub(/,$/, "", line)
      print line
    }' <(echo "${BEFORE[$pid]}") <(echo "$after")
done
