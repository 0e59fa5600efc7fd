#!/usr/bin/env bash
# Collector cost, measured against prometheus-node-exporter in the same run (loopback only).
#
#   scripts/bench-collector.sh            # ~5 minutes
#   SAMPLES=30 WARMUP=60 scripts/bench-collector.sh
#
# Collector: CPU seconds per sample from /proc/<pid>/stat (utime+stime deltas over SAMPLES samples;
# children, i.e. the system `ping` of the probes, reported apart) in two windows: the first minute
# (samples 5..5+SAMPLES, the JIT still compiling) and steady state (after WARMUP samples, default
# 120: the headline figure, as the daemon runs for days),
# peak and final RSS (VmHWM, VmRSS), and the time from launching `java` to the first record's
# write time (`ts`). node_exporter (Debian prometheus-node-exporter, 127.0.0.1:19100, started and
# stopped by PID here): CPU seconds per scrape over SAMPLES scrapes at 1 s (curl) after 5, RSS.
# The two are measured one after the other, never at the same time. The collector probes the
# node_exporter port as its loopback probe target (BENCH_PROBE=0 turns probes off).
set -euo pipefail
cd "$(dirname "$0")/.."

SAMPLES=${SAMPLES:-60}
EARLY=5
WARMUP=${WARMUP:-120}
((WARMUP >= EARLY + SAMPLES)) || WARMUP=$((EARLY + SAMPLES))
NE_PORT=${NE_PORT:-19100}
BENCH_PROBE=${BENCH_PROBE:-1}
HZ=$(getconf CLK_TCK)

if [[ ! -f collector/target/collector.jar ]] \
  || [[ -n "$(find common collector pom.xml -newer collector/target/collector.jar \
        \( -name '*.java' -o -name 'pom.xml' -o -name '*.xml' \) -not -path '*/target/*' -print -quit)" ]]; then
  echo "building collector.jar ..." >&2
  ./mvnw -q -B -pl collector -am -DskipTests package
fi
scripts/collector-cds.sh # the class-data archive run.sh uses (jvm.options points at it)
command -v prometheus-node-exporter >/dev/null || { echo "needs prometheus-node-exporter (apt)" >&2; exit 1; }

work=$(mktemp -d)
collector=""
ne=""
cleanup() {
  local rc=$? # the script's own status, not that of the processes it stops (143 after SIGTERM)
  [[ -n "$collector" ]] && kill "$collector" 2>/dev/null && { wait "$collector" 2>/dev/null || true; }
  [[ -n "$ne" ]] && kill "$ne" 2>/dev/null && { wait "$ne" 2>/dev/null || true; }
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT

# utime+stime (fields 14, 15) and cutime+cstime (16, 17) in clock ticks. Field 2 (comm) may hold
# spaces, so count from after its closing parenthesis.
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13, $14 + $15}'; }
status_kib() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
lines() { [[ -f "$1" ]] && wc -l <"$1" || echo 0; }
wait_lines() { # file count pid
  while (($(lines "$1") < $2)); do
    kill -0 "$3" 2>/dev/null || { echo "process $3 died" >&2; cat "$work/collector.err" >&2; exit 1; }
    sleep 0.005
  done
}

# --- node_exporter up first: it is also the collector's loopback probe target ------------------
if ss -ltn "sport = :$NE_PORT" | grep -q LISTEN; then
  echo "port $NE_PORT is busy; set NE_PORT" >&2
  exit 1
fi
prometheus-node-exporter --web.listen-address="127.0.0.1:$NE_PORT" >"$work/ne.log" 2>&1 &
ne=$!
for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$NE_PORT/metrics" && break; sleep 0.1; done

# --- collector ------------------------------------------------------------------------------
probe_env=()
((BENCH_PROBE)) && probe_env=(MONITORING_PROBE_TARGETS="127.0.0.1:$NE_PORT")
feed="$work/logs/json/monitoring-$(date +%F).jsonl"
# Started as run.sh starts it (repository root, relative jar path: the class-data archive matches),
# with an empty settings file instead of the checkout's ./.env.
: >"$work/empty.env"
launch=$(date +%s.%N)
env MONITORING_ENV_FILE="$work/empty.env" "${probe_env[@]}" MONITORING_LOG_ROOT="$work/logs" \
  MONITORING_INTERVAL_SEC=1 java @collector/jvm.options -jar collector/target/collector.jar \
  >/dev/null 2>"$work/collector.err" &
collector=$!
wait_lines "$feed" 1 "$collector"
first_ts=$(head -1 "$feed" | sed -E 's/^\{"ts": "([^"]+)".*/\1/')
first_s=$(awk -v a="$(date -d "$first_ts" +%s.%N)" -v b="$launch" 'BEGIN {printf "%.3f", a - b}')

wait_lines "$feed" $((1 + EARLY)) "$collector"
read -r e0 _ < <(cpu_ticks "$collector")
wait_lines "$feed" $((1 + EARLY + SAMPLES)) "$collector"
read -r e1 _ < <(cpu_ticks "$collector")
wait_lines "$feed" $((1 + WARMUP)) "$collector"
read -r c0 k0 < <(cpu_ticks "$collector")
wait_lines "$feed" $((1 + WARMUP + SAMPLES)) "$collector"
read -r c1 k1 < <(cpu_ticks "$collector")
c_hwm=$(status_kib "$collector" VmHWM)
c_rss=$(status_kib "$collector" VmRSS)
c_sample_p50=$(tail -n "$SAMPLES" "$feed" | sed -E 's/.*"sample_seconds": ([0-9.eE-]+).*/\1/' | sort -g \
  | awk '{a[NR] = $1} END {printf "%.2f", a[int((NR + 1) / 2)] * 1000}')
kill "$collector"
wait "$collector" && c_exit=0 || c_exit=$?
collector=""

# --- node_exporter scrapes ---------------------------------------------------------------------
scrape() { curl -fs -o /dev/null "http://127.0.0.1:$NE_PORT/metrics"; }
for _ in $(seq "$EARLY"); do scrape; sleep 1; done
# node_exporter counts the scrapes it serves: a scraper other than this script (another benchmark
# using the same port) would make the CPU per scrape meaningless, so it is checked.
served() { curl -fs "http://127.0.0.1:$NE_PORT/metrics" | awk '/^promhttp_metric_handler_requests_total\{code="200"\}/ {print $2}'; }
s0=$(served)
read -r n0 _ < <(cpu_ticks "$ne")
start=$(date +%s.%N)
for i in $(seq "$SAMPLES"); do
  scrape
  # fixed rate, as the collector: the i-th scrape at start + i seconds
  sleep "$(awk -v s="$start" -v i="$i" -v now="$(date +%s.%N)" 'BEGIN {d = s + i - now; print (d > 0 ? d : 0)}')"
done
read -r n1 _ < <(cpu_ticks "$ne")
s1=$(served)
foreign=$(awk -v a="$s0" -v b="$s1" -v n="$SAMPLES" 'BEGIN {print b - a - 1 - n}') # -1: the scrape that read s0 (a scrape counts itself after it is served)
n_hwm=$(status_kib "$ne" VmHWM)
n_rss=$(status_kib "$ne" VmRSS)

awk -v hz="$HZ" -v n="$SAMPLES" -v e0="$e0" -v e1="$e1" -v c0="$c0" -v c1="$c1" -v k0="$k0" -v k1="$k1" \
  -v n0="$n0" -v n1="$n1" -v chwm="$c_hwm" -v crss="$c_rss" -v nhwm="$n_hwm" -v nrss="$n_rss" \
  -v first="$first_s" -v foreign="$foreign" -v p50="$c_sample_p50" -v cexit="$c_exit" -v probe="$BENCH_PROBE" 'BEGIN {
  e = (e1 - e0) / hz / n * 1000; c = (c1 - c0) / hz / n * 1000; k = (k1 - k0) / hz / n * 1000; ne = (n1 - n0) / hz / n * 1000
  printf "samples: %d at 1 s per window (clock tick %.0f ms)%s\n", n, 1000 / hz, probe ? ", probing 127.0.0.1 (node_exporter port)" : ", probes off"
  printf "collector      CPU/sample %.2f ms steady (after %d samples; children, the probes'"'"' ping: %.2f ms)\n", c, '"$WARMUP"', k
  printf "collector      CPU/sample %.2f ms first minute (samples %d..%d, JIT compiling)  sample wall p50 %s ms\n", e, '"$EARLY"', '"$EARLY"' + n, p50
  printf "collector      RSS peak %.1f MiB, final %.1f MiB  first record %.3f s after launch  exit on SIGTERM %d\n", chwm / 1024, crss / 1024, first, cexit
  printf "node_exporter  CPU/scrape %.2f ms  RSS peak %.1f MiB, final %.1f MiB\n", ne, nhwm / 1024, nrss / 1024
  if (foreign != 0) printf "WARNING        node_exporter served %d scrapes it did not get from this script: its CPU figure is not valid\n", foreign
  if (ne > 0) printf "ratio          CPU collector/node_exporter %.2f (with children %.2f)", c / ne, (c + k) / ne
  else printf "ratio          CPU: node_exporter used less than a clock tick"
  printf "  RSS peak %.2f  RSS final %.2f\n", chwm / nhwm, crss / nrss
  printf "targets        CPU <= 2 ms: %s  RSS <= 64 MiB: %s  first record <= 1.5 s: %s\n", (c <= 2 ? "ok" : "MISSED"), (chwm / 1024 <= 64 ? "ok" : "MISSED"), (first <= 1.5 ? "ok" : "MISSED")
}'
