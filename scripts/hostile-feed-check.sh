#!/usr/bin/env bash
# Heap of the exporter and the collector, each with its shipped flags (jvm.options: -Xmx12m and
# -Xmx32m), on a feed of 250 KiB lines carrying hostile keys, against the same process on a plain
# feed of as many lines in the same run (issue 11). Loopback only; everything made here is removed.
#  exporter:  40 lines, then $ROUNDS times: a servable hostile line ("x": [{},{},...]) and one the
#             decoder refuses (the project's "post_treatment" key, or 2,000 interface rows), a
#             scrape after each pair: the servable line's value must be what /metrics shows.
#  collector: 40 lines in the last hour, read by the hourly summary at start; stopped by SIGTERM
#             after a few samples: it must still be running and exit 0.
# Heap from the JVM's own GC log (-Xlog:gc): the largest heap in use before a collection, and the
# largest live set (what a full collection leaves), in MiB; VmHWM is the process's peak RSS.
# Usage: scripts/hostile-feed-check.sh   (ROUNDS=20 HOSTILE_PORT=18097 to change)
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-20}
PORT=${HOSTILE_PORT:-18097}
LINE_BYTES=$((250 * 1024))
for tool in java curl; do
  command -v "$tool" >/dev/null || { echo "hostile-feed-check: $tool is missing" >&2; exit 1; }
done
if [[ ! -f exporter/target/exporter.jar || ! -f collector/target/collector.jar ]]; then
  ./mvnw -q -B -DskipTests package
fi

work=$(mktemp -d /tmp/hostile-feed.XXXXXX)
pids=()
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

base=$(head -n 1 exporter/src/test/resources/feed/one-record.jsonl)
# (yes ends on SIGPIPE: not a failure here)
empties=$(set +o pipefail; yes '{}' | head -n $(((LINE_BYTES - ${#base} - 40) / 3)) | paste -sd,)
rows="$(set +o pipefail; yes '{"name": "veth0"}' | head -n 2000 | paste -sd,), "

# One feed line sampled at epoch seconds $2 with cpu_percent $3; kind plain, x, post_treatment or
# interfaces (rows).
line() { # kind epoch cpu
  local iso l
  iso="$(date -u -d "@${2%.*}" +%Y-%m-%dT%H:%M:%S).000000+00:00"
  l=$(sed -E "s/\"ts\": \"[^\"]*\"/\"ts\": \"$iso\"/; s/\"timestamp\": \"[^\"]*\"/\"timestamp\": \"$iso\"/;
      s/\"timestamp\": [0-9.]+/\"timestamp\": $2/; s/\"cpu_percent\": [0-9.]+/\"cpu_percent\": $3/" <<<"$base")
  case $1 in
    plain) printf '%s\n' "$l" ;;
    interfaces) printf '%s\n' "${l/\"interfaces\": [/\"interfaces\": [$rows}" ;;
    *) printf '%s, "%s": [%s]}\n' "${l%\}}" "$1" "$empties" ;;
  esac
}

# "<peak in use before a GC> <peak live after a full GC> <full GCs>" in MiB from a -Xlog:gc file
# (after a young GC the old generation still holds garbage: only a full GC shows the live set).
gc_peaks() { # gc.log
  sed -nE 's/.*Pause (Young|Full).* ([0-9]+)M->([0-9]+)M\(([0-9]+)M\).*/\1 \2 \3/p' "$1" |
    awk '{ if ($2 > b) b = $2; if ($1 == "Full") { f++; if ($3 > a) a = $3 } }
         END { printf "%d %s %d\n", b, f ? a : "-", f }'
}

hwm_mib() { # pid
  awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"
}

results=()

run_exporter() { # feed kind: plain or hostile
  local kind=$1 root="$work/exporter-$1" now served=0 epid
  local feed
  feed="$root/json/monitoring-$(date +%F).jsonl"
  mkdir -p "$root/json"
  now=$(date +%s)
  for i in $(seq 1 40); do
    if [[ $kind == plain ]]; then line plain "$now" "$i"; else line x "$now" "$i"; fi
  done >"$feed"
  if curl -s -m 5 -o /dev/null "http://127.0.0.1:$PORT/"; then
    echo "hostile-feed-check: 127.0.0.1:$PORT is in use" >&2
    exit 1
  fi
  MONITORING_LOG_ROOT=$root MONITORING_EXPORTER_ADDR=127.0.0.1 MONITORING_EXPORTER_PORT=$PORT \
    java @exporter/jvm.options -Xlog:gc:file="$work/exporter-$kind.gc" \
    -jar exporter/target/exporter.jar 2>"$work/exporter-$kind.log" &
  epid=$!
  pids=("$epid")
  for _ in $(seq 100); do
    curl -fs -m 5 -o /dev/null "http://127.0.0.1:$PORT/metrics" && break
    sleep 0.1
  done
  for r in $(seq 1 "$ROUNDS"); do
    kill -0 "$epid" 2>/dev/null || break
    now=$(date +%s)
    if [[ $kind == plain ]]; then
      { line plain "$now" "$r.5"; line plain "$now" "$r.5"; } >>"$feed"
    else
      refused=post_treatment
      if ((r % 2 == 0)); then refused=interfaces; fi
      { line x "$now" "$r.5"; line "$refused" "$now" 99; } >>"$feed"
    fi
    # The exporter looks at the feed at most every 250 ms: allow it a few tries.
    for _ in $(seq 10); do
      if curl -fs -m 1 "http://127.0.0.1:$PORT/metrics" | grep -qx "monitoring_cpu_percent $r.5"; then
        served=$((served + 1))
        break
      fi
      sleep 0.1
    done
  done
  local alive=no
  kill -0 "$epid" 2>/dev/null && alive=yes
  local hwm
  hwm=$(hwm_mib "$epid" 2>/dev/null || echo "?")
  kill "$epid" 2>/dev/null || true
  wait "$epid" 2>/dev/null || true
  pids=()
  read -r before after full < <(gc_peaks "$work/exporter-$kind.gc")
  results+=("| exporter | $kind | $alive | $served/$ROUNDS newest served | $before | $after | $full | $hwm | 12 |")
  if grep -q OutOfMemoryError "$work/exporter-$kind.log"; then
    echo "hostile-feed-check: the exporter ran out of heap on the $kind feed" >&2
  fi
}

run_collector() { # feed kind: plain or hostile
  local kind=$1 root="$work/collector-$1" now cpid t
  mkdir -p "$root/json"
  now=$(date +%s)
  for i in $(seq 1 40); do
    t=$((now - 3000 + i * 60))
    k=plain
    if [[ $kind == hostile ]]; then
      case $((i % 4)) in 1) k=post_treatment ;; 3) k=interfaces ;; *) k=x ;; esac
    fi
    line "$k" "$t" 50 >>"$root/json/monitoring-$(date -d "@$t" +%F).jsonl"
  done
  MONITORING_LOG_ROOT=$root MONITORING_HOURLY_INTERVAL_SEC=3600 LOGS_DURABLE_WRITES=false \
    java @collector/jvm.options -Xlog:gc:file="$work/collector-$kind.gc" \
    -jar collector/target/collector.jar >/dev/null 2>"$work/collector-$kind.log" &
  cpid=$!
  pids=("$cpid")
  local summary
  summary="$root/json/average_metric-$(date +%F).jsonl"
  for _ in $(seq 300); do
    [[ -s $summary ]] && break
    kill -0 "$cpid" 2>/dev/null || break
    sleep 0.1
  done
  sleep 3 # a few samples after the summary
  local alive=no hwm code=0
  kill -0 "$cpid" 2>/dev/null && alive=yes
  hwm=$(hwm_mib "$cpid" 2>/dev/null || echo "?")
  kill "$cpid" 2>/dev/null || true
  wait "$cpid" 2>/dev/null || code=$?
  pids=()
  local summarised="no summary"
  if [[ -s $summary ]]; then
    summarised="$(sed -nE 's/.*"n_lines": ?([0-9]+).*"bad_lines": ?([0-9]+).*/\1 records, \2 refused/p' "$summary" | head -n 1), exit $code"
  fi
  read -r before after full < <(gc_peaks "$work/collector-$kind.gc")
  results+=("| collector | $kind | $alive | $summarised | $before | $after | $full | $hwm | 32 |")
  if grep -q OutOfMemoryError "$work/collector-$kind.log"; then
    echo "hostile-feed-check: the collector ran out of heap on the $kind feed" >&2
  fi
}

run_exporter plain
run_exporter hostile
run_collector plain
run_collector hostile

echo "| process | feed (40 lines + rounds) | alive at the end | outcome | heap in use, peak MiB | live after a full GC, peak MiB | full GCs | VmHWM MiB | -Xmx MiB |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${results[@]}"
status=0
for r in "${results[@]}"; do
  [[ $r == *"| no |"* || $r == *"no summary"* ]] && status=1
done
exit $status
