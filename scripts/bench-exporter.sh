#!/usr/bin/env bash
# Benchmarks the exporter against prometheus-node-exporter in the same run, loopback only:
#  1. wrk (-t2 -c8 -d20s --latency) on the exporter serving one fixed record, and on node_exporter
#     (started here on 127.0.0.1:19100): req/s ratio (target >= 20x) and p99 of both;
#  2. the exporter's peak RSS under that load (VmHWM; target <= 64 MiB with exporter/jvm.options),
#     beside node_exporter's;
#  3. the same wrk run with the whole JvmMetrics set (-Dexporter.jvmMetrics=all), for the choice
#     of self-metrics;
#  4. scrape time on a 300 MB feed against a one-line feed (target <= 1.5x): wrk on each, and the
#     time of the first scrape after each append (the tail re-read), median of $FRESH_SAMPLES, both
#     exporters running side by side (ports 18090 and 18091).
# Hostile clients (crowds, stalled and oversized requests): scripts/bench-exporter-hostile.sh.
# Usage: scripts/bench-exporter.sh   (DURATION=20s FRESH_SAMPLES=40 BENCH_EXPORTER_PORT=18090
#        BENCH_NODE_PORT=19100 to change)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20s}
FRESH_SAMPLES=${FRESH_SAMPLES:-40}
PORT=${BENCH_EXPORTER_PORT:-18090}
# The fixed record is days old: without this the exporter (rightly) serves it as stale, i.e. its own
# metrics only (~3.7 kB instead of the host's ~10 kB), and the benchmark would measure the wrong body.
STALE_AFTER=315360000
NODE_PORT=${BENCH_NODE_PORT:-19100}
NODE_EXPORTER=$(command -v prometheus-node-exporter || echo /usr/bin/prometheus-node-exporter)
for tool in wrk curl java "$NODE_EXPORTER"; do
  command -v "$tool" >/dev/null || { echo "bench-exporter: $tool is missing (.ci/install-deps installs it)" >&2; exit 1; }
done
if [[ ! -f exporter/target/exporter.jar ]]; then
  ./mvnw -q -B -pl exporter -am -DskipTests package
fi

work=$(mktemp -d /tmp/bench-exporter.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "bench-exporter: failed at line $LINENO; exporter log:" >&2; tail -20 "$work/exporter.log" >&2' ERR

today=$(date +%F)
record=exporter/src/test/resources/feed/one-record.jsonl

# Fails when something already listens there (another run, another job's node_exporter).
port_free() { # port
  if curl -s -o /dev/null "http://127.0.0.1:$1/"; then
    echo "bench-exporter: 127.0.0.1:$1 is already in use; stop what listens there first" >&2
    exit 1
  fi
}

wait_http() { # url pid
  for _ in $(seq 100); do
    kill -0 "$2" 2>/dev/null || { echo "bench-exporter: the server for $1 exited" >&2; exit 1; }
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "bench-exporter: $1 did not answer" >&2
  exit 1
}

# Starts the exporter on a log root; sets $epid.
start_exporter() { # log_root port [extra java flags...]
  local root=$1 port=$2
  shift 2
  port_free "$port"
  MONITORING_STALE_AFTER_SEC=$STALE_AFTER MONITORING_LOG_ROOT=$root MONITORING_EXPORTER_ADDR=127.0.0.1 MONITORING_EXPORTER_PORT=$port \
    java @exporter/jvm.options "$@" -jar exporter/target/exporter.jar 2>>"$work/exporter.log" &
  epid=$!
  pids+=("$epid")
  wait_http "http://127.0.0.1:$port/metrics" "$epid"
}

stop() { # pid
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# wrk summary: "<req/s> <p50> <p99>"
bench() { # url [duration]
  wrk -t2 -c8 -d"${2:-$DURATION}" --latency "$1" >"$work/wrk.txt"
  local rps p50 p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
  if grep -q 'Non-2xx' "$work/wrk.txt"; then
    echo "bench-exporter: non-2xx answers from $1" >&2
    cat "$work/wrk.txt" >&2
    exit 1
  fi
  echo "$rps $p50 $p99"
}

kib() { awk '/^'"$1"':/ {print $2}' "/proc/$2/status"; }

# First scrape after an append (it re-reads the tail), on two exporters at once, alternating
# which goes first so that the machine's load drifts the same for both. Prints the two medians (ms).
fresh_scrapes() { # feed_a port_a feed_b port_b
  local i a b
  : >"$work/fresh_a"
  : >"$work/fresh_b"
  for i in $(seq "$FRESH_SAMPLES"); do
    cat "$record" >>"$1"
    cat "$record" >>"$3"
    sleep 0.3 # past the exporter's 250 ms check interval
    if ((i % 2)); then
      a=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$2/metrics")
      b=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$4/metrics")
    else
      b=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$4/metrics")
      a=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$2/metrics")
    fi
    echo "$a" >>"$work/fresh_a"
    echo "$b" >>"$work/fresh_b"
  done
  for f in "$work/fresh_a" "$work/fresh_b"; do
    sort -n "$f" | awk '{a[NR]=$1} END {printf "%.3f ", a[int((NR+1)/2)]*1000}'
  done
  echo
}

mkdir -p "$work/small/json" "$work/big/json"
cp "$record" "$work/small/json/monitoring-$today.jsonl"

echo "== exporter (one-record feed, exporter/jvm.options) vs prometheus-node-exporter, wrk -t2 -c8 -d$DURATION"
start_exporter "$work/small" "$PORT"
bench "http://127.0.0.1:$PORT/metrics" 5s >/dev/null # JIT warm-up
read -r e_rps e_p50 e_p99 < <(bench "http://127.0.0.1:$PORT/metrics")
e_hwm=$(kib VmHWM "$epid")
e_rss=$(kib VmRSS "$epid")
e_bytes=$(curl -s "http://127.0.0.1:$PORT/metrics" | wc -c)

port_free "$NODE_PORT"
"$NODE_EXPORTER" --web.listen-address="127.0.0.1:$NODE_PORT" >"$work/node.log" 2>&1 &
npid=$!
pids+=("$npid")
wait_http "http://127.0.0.1:$NODE_PORT/metrics" "$npid"
bench "http://127.0.0.1:$NODE_PORT/metrics" 3s >/dev/null
read -r n_rps n_p50 n_p99 < <(bench "http://127.0.0.1:$NODE_PORT/metrics")
n_bytes=$(curl -s "http://127.0.0.1:$NODE_PORT/metrics" | wc -c)
n_hwm=$(kib VmHWM "$npid")
stop "$npid"

stop "$epid"

echo "== exporter with the whole JvmMetrics set (-Dexporter.jvmMetrics=all)"
start_exporter "$work/small" "$PORT" -Dexporter.jvmMetrics=all
bench "http://127.0.0.1:$PORT/metrics" 5s >/dev/null
read -r a_rps _ a_p99 < <(bench "http://127.0.0.1:$PORT/metrics")
a_hwm=$(kib VmHWM "$epid")
stop "$epid"

echo "== one keep-alive scraper (wrk -t1 -c1 -d5s; the server sets TCP_NODELAY itself)"
start_exporter "$work/small" "$PORT"
nd_on=$(wrk -t1 -c1 -d5s --latency "http://127.0.0.1:$PORT/metrics" | awk '$1 == "50%" {print $2}')
stop "$epid"

echo "== 300 MB feed"
big="$work/big/json/monitoring-$today.jsonl"
for _ in $(seq 512); do cat "$record"; done >"$work/chunk"
chunk_size=$(stat -c %s "$work/chunk")
for _ in $(seq $((300 * 1024 * 1024 / chunk_size))); do cat "$work/chunk"; done >"$big"
big_size=$(stat -c %s "$big")
start_exporter "$work/big" "$PORT"
bpid=$epid
start_exporter "$work/small" "$((PORT + 1))"
spid=$epid
bench "http://127.0.0.1:$PORT/metrics" 5s >/dev/null
bench "http://127.0.0.1:$((PORT + 1))/metrics" 5s >/dev/null
# Alternating 5 s rounds, so that the machine's load drifts the same for both.
b_rps=0
s_rps=0
for _ in 1 2 3 4; do
  read -r r _ b_p99 < <(bench "http://127.0.0.1:$PORT/metrics" 5s)
  b_rps=$(awk -v a="$b_rps" -v b="$r" 'BEGIN {print a + b / 4}')
  read -r r _ s_p99 < <(bench "http://127.0.0.1:$((PORT + 1))/metrics" 5s)
  s_rps=$(awk -v a="$s_rps" -v b="$r" 'BEGIN {print a + b / 4}')
done
b_hwm=$(kib VmHWM "$bpid")
echo "== first scrape after an append: 300 MB feed vs one-line feed, side by side"
read -r big_fresh small_fresh < <(fresh_scrapes "$big" "$PORT" "$work/small/json/monitoring-$today.jsonl" "$((PORT + 1))")
stop "$spid"
stop "$bpid"
rm -f "$big" "$work/chunk"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", a / b}'; }
ratio2() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

cat <<EOF

Exporter benchmark ($(date -u +%FT%TZ), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))
| what | exporter | node_exporter | ratio |
|---|---|---|---|
| req/s (wrk -t2 -c8 -d$DURATION) | $e_rps | $n_rps | $(ratio "$e_rps" "$n_rps")x |
| p50 latency | $e_p50 | $n_p50 | |
| p99 latency | $e_p99 | $n_p99 | |
| body size | $e_bytes B | $n_bytes B | |
| RSS under load | VmHWM $(mib "$e_hwm") MiB (VmRSS after: $(mib "$e_rss") MiB) | VmHWM $(mib "$n_hwm") MiB | $(ratio2 "$e_hwm" "$n_hwm")x; target <= 64 MiB |
| whole JvmMetrics set | $a_rps req/s, p99 $a_p99, VmHWM $(mib "$a_hwm") MiB | | $(ratio2 "$a_rps" "$e_rps")x of the default |
| req/s, 300 MB feed ($big_size B) vs one line, alternating 4 x 5 s | $b_rps vs $s_rps (last p99 $b_p99 vs $s_p99) | | scrape time $(ratio2 "$s_rps" "$b_rps")x the one-line feed's (target <= 1.5x) |
| first scrape after an append (tail re-read), median of $FRESH_SAMPLES | 300 MB: $big_fresh ms, one line: $small_fresh ms | | $(ratio2 "$big_fresh" "$small_fresh")x (target <= 1.5x) |
| 300 MB feed: VmHWM | $(mib "$b_hwm") MiB | | |
| one keep-alive scraper, p50 | $nd_on | | |
EOF
