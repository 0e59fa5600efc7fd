#!/usr/bin/env bash
# The exporter on a hostile network, side by side with Debian's prometheus-node-exporter in the
# same run, loopback only (issue 9). Each scenario starts both servers fresh, so VmHWM is its own:
#  1. wrk -t2 -c200 and -c1000 keep-alive scrapers for $DURATION on /metrics: requests, answers
#     by status (only 200 and 503 are acceptable), socket errors, p99, VmHWM, and whether the
#     server is still up (the exporter must stay under 64 MiB VmHWM with exporter/jvm.options);
#  2. 100 stalled clients (a partial request line, reconnecting when closed) while one scraper
#     opens a fresh connection every 100 ms: p99 of those scrapes (target < 100 ms);
#  3. with BASELINE_JAR=<another exporter.jar> (e.g. main's), the same scenarios on it and the
#     happy path (wrk -t2 -c8, alternating 4 x 5 s rounds) of both jars: req/s and VmHWM.
# Usage: scripts/bench-exporter-hostile.sh   (DURATION=60s STALL_SECONDS=20 BASELINE_JAR=...
#        BENCH_EXPORTER_PORT=18090 BENCH_NODE_PORT=19100)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-60s}
STALL_SECONDS=${STALL_SECONDS:-20}
BASELINE_JAR=${BASELINE_JAR:-}
PORT=${BENCH_EXPORTER_PORT:-18090}
# The fixed record is days old: without this the exporter (rightly) serves it as stale, i.e. its own
# metrics only (~3.7 kB instead of the host's ~10 kB), and the benchmark would measure the wrong body.
STALE_AFTER=315360000
NODE_PORT=${BENCH_NODE_PORT:-19100}
NODE_EXPORTER=$(command -v prometheus-node-exporter || echo /usr/bin/prometheus-node-exporter)
for tool in wrk curl java "$NODE_EXPORTER"; do
  command -v "$tool" >/dev/null || { echo "bench-exporter-hostile: $tool is missing (.ci/install-deps installs it)" >&2; exit 1; }
done
if [[ ! -f exporter/target/exporter.jar ]]; then
  ./mvnw -q -B -pl exporter -am -DskipTests package
fi
# 1000 keep-alive connections need as many descriptors in wrk and in each server.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if (($(ulimit -n) < 2500)); then
  echo "bench-exporter-hostile: need 2500 open files, have $(ulimit -n)" >&2
  exit 1
fi

work=$(mktemp -d /tmp/bench-exporter-hostile.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/logs/json"
cp exporter/src/test/resources/feed/one-record.jsonl "$work/logs/json/monitoring-$(date +%F).jsonl"

# Counts answers by status in wrk (a response() hook per thread, summed at the end).
cat >"$work/status.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; busy = 0; other = 0 end
function response(status, headers, body)
  if status == 200 then ok = ok + 1 elseif status == 503 then busy = busy + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local a, b, c = 0, 0, 0
  for _, t in ipairs(threads) do a = a + t:get("ok"); b = b + t:get("busy"); c = c + t:get("other") end
  io.write(string.format("STATUS %d %d %d\n", a, b, c))
end
LUA

# Stalled clients: each sends "GET /metr" and waits; when the server closes, it reconnects.
cat >"$work/Stall.java" <<'JAVA'
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

public class Stall {
  public static void main(String[] a) throws Exception {
    int port = Integer.parseInt(a[0]);
    int clients = Integer.parseInt(a[1]);
    long end = System.nanoTime() + Long.parseLong(a[2]) * 1_000_000_000L;
    AtomicInteger reconnects = new AtomicInteger();
    Thread[] ts = new Thread[clients];
    for (int i = 0; i < clients; i++) {
      ts[i] = new Thread(() -> {
        while (System.nanoTime() < end) {
          try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("GET /metr".getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(200);
            InputStream in = s.getInputStream();
            while (System.nanoTime() < end) {
              try {
                if (in.read() < 0) break;
              } catch (SocketTimeoutException stillOpen) {
                // keep stalling
              }
            }
          } catch (Exception e) {
            try { Thread.sleep(10); } catch (InterruptedException ie) { return; }
          }
          reconnects.incrementAndGet();
        }
      });
      ts[i].start();
    }
    for (Thread t : ts) t.join();
    System.out.println("reconnects " + reconnects.get());
  }
}
JAVA

port_free() { # port
  if curl -s -o /dev/null "http://127.0.0.1:$1/"; then
    echo "bench-exporter-hostile: 127.0.0.1:$1 is already in use; stop what listens there first" >&2
    exit 1
  fi
}

wait_http() { # url pid
  for _ in $(seq 200); do
    kill -0 "$2" 2>/dev/null || { echo "bench-exporter-hostile: the server for $1 exited" >&2; exit 1; }
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "bench-exporter-hostile: $1 did not answer" >&2
  exit 1
}

# Starts a server ("node" or a jar path); sets $spid and $sport.
start_server() { # what
  if [[ $1 == node ]]; then
    sport=$NODE_PORT
    port_free "$sport"
    "$NODE_EXPORTER" --web.listen-address="127.0.0.1:$sport" >>"$work/node.log" 2>&1 &
  else
    sport=$PORT
    port_free "$sport"
    MONITORING_STALE_AFTER_SEC=$STALE_AFTER MONITORING_LOG_ROOT=$work/logs MONITORING_EXPORTER_ADDR=127.0.0.1 MONITORING_EXPORTER_PORT=$sport \
      java @exporter/jvm.options -jar "$1" >>"$work/exporter.log" 2>&1 &
  fi
  spid=$!
  pids+=("$spid")
  wait_http "http://127.0.0.1:$sport/metrics" "$spid"
}

stop() { # pid
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

hwm() { # pid -> MiB, or "died"
  if [[ -r /proc/$1/status ]] && kill -0 "$1" 2>/dev/null; then
    awk '/^VmHWM:/ {printf "%.1f MiB", $2 / 1024}' "/proc/$1/status"
  else
    echo "died"
  fi
}

# Results go to $result (not stdout), so the servers are started by this shell and its trap.
# One crowd run: "<requests> <200> <503> <other> <socket errors> <p99> <VmHWM> <up>".
crowd() { # what conns
  start_server "$1"
  wrk -t2 -c"$2" -d"$DURATION" --timeout 10s --latency -s "$work/status.lua" \
    "http://127.0.0.1:$sport/metrics" >"$work/wrk.txt" 2>&1 || true
  local req ok busy other errs p99 mem up
  req=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
  read -r ok busy other < <(awk '/^STATUS/ {print $2, $3, $4}' "$work/wrk.txt")
  errs=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
  mem=$(hwm "$spid")
  up=$(kill -0 "$spid" 2>/dev/null && echo up || echo DIED)
  stop "$spid"
  result="${req:-0} ${ok:-0} ${busy:-0} ${other:-0} ${errs:-0} ${p99:-n/a} ${mem// /_} $up"
}

# Scrapes on a fresh connection every 100 ms while 100 stalled clients come and go: p99 in ms.
stalled() { # what
  start_server "$1"
  java "$work/Stall.java" "$sport" 100 "$STALL_SECONDS" >"$work/stall.txt" 2>&1 &
  local stall=$!
  pids+=("$stall")
  sleep 2
  : >"$work/times"
  local end=$((SECONDS + STALL_SECONDS - 4))
  while ((SECONDS < end)); do
    curl -s -o /dev/null -m 30 -w '%{time_total} %{http_code}\n' "http://127.0.0.1:$sport/metrics" >>"$work/times" || echo "30 000" >>"$work/times"
    sleep 0.1
  done
  wait "$stall" 2>/dev/null || true
  local up
  up=$(kill -0 "$spid" 2>/dev/null && echo up || echo DIED)
  stop "$spid"
  result=$(sort -n "$work/times" | awk -v up="$up" '{t[NR]=$1; if ($2 != 200) bad++}
    END {printf "%d %.1f %.1f %d %s\n", NR, t[int(NR*0.5+0.5)]*1000, t[int(NR*0.99+0.5)]*1000, bad, up}')
}

# Happy path: wrk -t2 -c8, alternating 5 s rounds on two jars: "<rps a> <rps b> <hwm a> <hwm b>".
happy() { # jar_a jar_b
  start_server "$1"
  local pa=$spid porta=$sport
  PORT=$((PORT + 1)) start_server "$2"
  local pb=$spid portb=$sport
  wrk -t2 -c8 -d5s "http://127.0.0.1:$porta/metrics" >/dev/null
  wrk -t2 -c8 -d5s "http://127.0.0.1:$portb/metrics" >/dev/null
  local ra=0 rb=0 r
  for _ in 1 2 3 4; do
    r=$(wrk -t2 -c8 -d5s "http://127.0.0.1:$porta/metrics" | awk '/^Requests\/sec:/ {print $2}')
    ra=$(awk -v a="$ra" -v b="$r" 'BEGIN {print a + b / 4}')
    r=$(wrk -t2 -c8 -d5s "http://127.0.0.1:$portb/metrics" | awk '/^Requests\/sec:/ {print $2}')
    rb=$(awk -v a="$rb" -v b="$r" 'BEGIN {print a + b / 4}')
  done
  result="$ra $rb $(hwm "$pa" | tr ' ' _) $(hwm "$pb" | tr ' ' _)"
  stop "$pa"
  stop "$pb"
}

servers=(exporter/target/exporter.jar node)
names=(exporter node_exporter)
if [[ -n $BASELINE_JAR ]]; then
  servers+=("$BASELINE_JAR")
  names+=(baseline)
fi

result=""
rows=()
for conns in 200 1000; do
  for i in "${!servers[@]}"; do
    echo "== ${names[$i]}: wrk -t2 -c$conns -d$DURATION" >&2
    crowd "${servers[$i]}" "$conns"
    read -r req ok busy other errs p99 mem up <<<"$result"
    rows+=("| ${names[$i]} | $conns scrapers, $DURATION | $req | $ok / $busy / $other | $errs | $p99 | ${mem//_/ } | $up |")
  done
done
srows=()
for i in "${!servers[@]}"; do
  echo "== ${names[$i]}: 100 stalled clients for ${STALL_SECONDS}s" >&2
  stalled "${servers[$i]}"
  read -r n p50 p99 bad up <<<"$result"
  srows+=("| ${names[$i]} | $n | $p50 ms | $p99 ms | $bad | $up |")
done
hrow=""
if [[ -n $BASELINE_JAR ]]; then
  echo "== happy path: exporter vs baseline, alternating rounds" >&2
  happy exporter/target/exporter.jar "$BASELINE_JAR"
  read -r ra rb ha hb <<<"$result"
  hrow="| wrk -t2 -c8, 4 x 5 s alternating | $ra req/s, VmHWM ${ha//_/ } | $rb req/s, VmHWM ${hb//_/ } | $(awk -v a="$ra" -v b="$rb" 'BEGIN {printf "%.2fx", a / b}') |"
fi

cat <<EOT

Exporter on a hostile network ($(date -u +%FT%TZ), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))
| server | load | requests | 200 / 503 / other | socket errors | p99 | VmHWM | after |
|---|---|---|---|---|---|---|---|
$(printf '%s\n' "${rows[@]}")

| server, 100 stalled clients | scrapes | p50 | p99 (target < 100 ms) | not 200 | after |
|---|---|---|---|---|---|
$(printf '%s\n' "${srows[@]}")
EOT
if [[ -n $hrow ]]; then
  cat <<EOT

| happy path | exporter | baseline | ratio |
|---|---|---|---|
$hrow
EOT
fi
