#!/usr/bin/env bash
# The fleet check (run by .ci/run after the stack check; docs/fleet.md). Proves the fleet shape on one machine:
#   N simulated hosts, each a real collector + exporter pair (the built jars) in its own network namespace
#   with its own host name, log root and state directory, the exporter bound to the namespace's address
#   (10.213.0.0/16, which exists only on the veths this script creates; no namespace has a route out).
#   A hub namespace holds the bridge the veths join and the central side, all on its own 127.0.0.1:
#   vmagent (Debian's victoria-metrics package) scraping every host across the veths, buffering on disk and
#   remote-writing into victoria-metrics (single node: Debian has no cluster binaries; the cluster manifests
#   of infra/kubernetes/fleet are checked statically by the stack check), vmalert evaluating the project's
#   rule files (a generated copy whose stale-feed alert has a shorter `for:` and age threshold; the shipped
#   files are never edited), Alertmanager (Debian's) notifying a loopback webhook receiver (python3).
#   One prometheus-node-exporter in one more namespace is scraped beside them as the per-host peer.
# Asserts: every host up with its `host` label (relabelled from discovery, as the Kubernetes overlay does);
# zero dropped, failed or retried remote-write samples (vmagent's own metrics) and every row the agent sent
# inserted by the TSDB; the dashboard's queries and the alert expressions answering through
# VictoriaMetrics' Prometheus API (infra/check/queries.cjs, as the stack check); stopping one host's collector
# fires the stale-feed alert (matched by name *FeedStale* and its host label) for that host only, with the
# host name in the notification, and restarting it resolves it. One host starts last, alone, to time a
# host's start to its first series in the TSDB. Prints measurements (series, samples/s, RSS of agent, TSDB,
# rule evaluator and the pairs, remote-write failures), also written to --report FILE.
# Every namespace (and so every veth and the bridge) and every process it made is removed on exit, also on
# failure or interrupt. Must run as root (ip netns). Options: --hosts N (default 20), --measure SECONDS
# (steady window for samples/s, default 20), --report FILE, --keep (keep the work directory).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)

HOSTS=20
MEASURE_SEC=20
REPORT=
KEEP=false
while (($#)); do
  case "$1" in
    --hosts) HOSTS=${2:-}; shift 2 ;;
    --measure) MEASURE_SEC=${2:-}; shift 2 ;;
    --report) REPORT=${2:-}; shift 2 ;;
    --keep) KEEP=true; shift ;;
    *) echo "usage: $0 [--hosts N] [--measure SECONDS] [--report FILE] [--keep]" >&2; exit 2 ;;
  esac
done
if ! [[ "$HOSTS" =~ ^[0-9]+$ ]] || ((HOSTS < 2 || HOSTS > 1000)); then echo "--hosts: a number from 2 to 1000, not '$HOSTS'" >&2; exit 2; fi
if ! [[ "$MEASURE_SEC" =~ ^[0-9]+$ ]] || ((MEASURE_SEC < 5)); then echo "--measure: a number of seconds >= 5, not '$MEASURE_SEC'" >&2; exit 2; fi
[[ $(id -u) -eq 0 ]] || { echo "fleet-check: needs root (ip netns add); CI runs as root" >&2; exit 2; }

SCRAPE_SEC=5            # the agent's scrape interval (the shipped Prometheus config uses 15s)
INTERVAL_SEC=2          # each collector's sample interval
STALE_AFTER_SEC=10      # exporter: older records are not served as host data
STALE_ALERT_AGE=15      # generated rules copy: the stale-feed alert's age threshold (seconds) ...
STALE_ALERT_FOR=4s      # ... and its `for:`
EVAL_SEC=2              # vmalert's evaluation interval
PORT=8000               # each exporter's port, on its own namespace address
VM=127.0.0.1:8428       # these five listen on the hub namespace's loopback only
AGENT=127.0.0.1:8429
VMALERT=127.0.0.1:8880
AM=127.0.0.1:9093
HOOK_PORT=9095

# --- dependencies (Debian packages, installed only when missing) -------------------------------------------
need=()
command -v victoria-metrics >/dev/null && command -v vmagent >/dev/null && command -v vmalert >/dev/null || need+=(victoria-metrics)
command -v prometheus-alertmanager >/dev/null || need+=(prometheus-alertmanager)
[[ -x /usr/bin/prometheus-node-exporter ]] || need+=(prometheus-node-exporter)
command -v ip >/dev/null || need+=(iproute2)
command -v curl >/dev/null || need+=(curl)
command -v shellcheck >/dev/null || need+=(shellcheck)
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v jq >/dev/null || need+=(jq)
[[ -x /usr/bin/python3 ]] || need+=(python3)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if ((${#need[@]})); then
  echo "installing: ${need[*]}"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }; then
    echo "fleet-check: could not install ${need[*]}" >&2
    exit 1
  fi
fi

# Settings from the caller's environment would leak into the pairs: none is inherited.
for v in $(compgen -e); do
  case "$v" in MONITORING_* | LOGS_DURABLE_WRITES | NETWORK_TREATMENT_ALLOWED_HOUR) unset "$v" ;; esac
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/fleet-check.XXXXXX")
TAG="imf$$"             # namespace prefix: unique per run, so concurrent runs never meet
HUB="$TAG-hub"
NETNS=()
PIDS=()
RESULTS=()
FAILED=0
T0=$(date +%s)

stop_pids() {
  local pid
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.3; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
on_exit() {
  local ns left
  ((${#PIDS[@]})) && stop_pids "${PIDS[@]}"
  for ns in "${NETNS[@]}"; do ip netns del "$ns" 2>/dev/null || echo "could not delete namespace $ns"; done
  left=$(ip netns list | grep -c "^$TAG-" || true)
  ((left == 0)) || echo "WARNING: $left namespaces named $TAG-* remain"
  if $KEEP || ((FAILED)); then echo "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap on_exit EXIT
trap 'exit 130' INT TERM

n=0
check() { # check NAME COMMAND...: runs it, records PASS/FAIL, shows the output's tail on failure
  local name=$1
  shift
  n=$((n + 1))
  local out="$WORK/check-$n.log"
  if "$@" >"$out" 2>&1; then
    RESULTS+=("PASS $name")
    echo "PASS $name"
  else
    RESULTS+=("FAIL $name")
    FAILED=$((FAILED + 1))
    echo "FAIL $name"
    tail -n 30 "$out" | sed 's/^/    /'
  fi
}
measure() { RESULTS+=("MEASURE $*"); echo "MEASURE $*"; echo "$*" >>"$WORK/measurements.txt"; }
fatal() { # an unmet precondition: no point going on
  RESULTS+=("FAIL $*")
  FAILED=$((FAILED + 1))
  echo "FAIL $* (stopping)"
  summary
  exit 1
}
summary() {
  echo
  echo "== fleet check summary (N=$HOSTS, $(($(date +%s) - T0)) s)"
  printf '%s\n' "${RESULTS[@]}"
  echo "fleet-check: $(printf '%s\n' "${RESULTS[@]}" | grep -c '^PASS') passed, $FAILED failed"
  if [[ -n "$REPORT" ]]; then
    { echo "# fleet-check N=$HOSTS $(date -u +%FT%TZ), $(nproc) cores"; printf '%s\n' "${RESULTS[@]}"; } >"$REPORT"
  fi
}
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2 t=0
  shift 2
  until "$@"; do
    t=$((t + 1))
    ((t < limit)) || { echo "no $what after ${limit}s"; return 1; }
    sleep 1
  done
}
hub() { ip netns exec "$HUB" "$@"; }
get() { hub curl -fsS --max-time 5 "$@" 2>/dev/null; }
q() { get "http://$VM/api/v1/query" --data-urlencode "query=$1"; }
# metric FILE NAME_REGEX: the sum of the samples of a Prometheus text file whose name and labels match.
metric() { awk -v re="$2" '$0 !~ /^#/ && $1 ~ re { s += $NF } END { printf "%.0f\n", s }' "$1"; }
calc() { awk "BEGIN { printf \"%.${2:-3}f\", $1 }"; } # calc EXPR [DECIMALS]
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; } # utime + stime
sum_ticks() { local p s=0; for p in "$@"; do s=$((s + $(cpu_ticks "$p"))); done; echo "$s"; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
name_of() { printf 'host-%03d' "$1"; }
addr_of() { echo "10.213.$(($1 / 250 + 1)).$(($1 % 250 + 1))"; }
ns_of() { printf '%s-h%03d' "$TAG" "$1"; }

# start NAMESPACE LOGNAME COMMAND...: runs the command in the namespace (ip netns exec execs it, so $! is
# the command's own PID), output to the work directory; the PID is recorded for the exit trap and in STARTED.
start() {
  local ns=$1 name=$2
  shift 2
  ip netns exec "$ns" "$@" >>"$WORK/out/$name.out" 2>&1 &
  STARTED=$!
  PIDS+=("$STARTED")
}

mkdir -p "$WORK/out" "$WORK/hosts" "$WORK/rules" "$WORK/npm"
echo "== fleet check: $HOSTS hosts (work directory $WORK, namespaces $TAG-*)"

# --- the jars, the CDS archive, npm's yaml (for the rules copy and queries.cjs) ------------------------------
if [[ ! -f collector/target/collector.jar || ! -f exporter/target/exporter.jar ]]; then
  check "build jars (./mvnw -q -B -DskipTests package)" ./mvnw -q -B -DskipTests package
fi
[[ -f collector/target/collector.jar && -f exporter/target/exporter.jar ]] || fatal "jars built"
bash scripts/collector-cds.sh || true
check "npm install yaml@2.9.1 (into the work directory)" \
  bash -c "cd '$WORK/npm' && echo '{\"private\":true}' >package.json && npm install --no-audit --no-fund --ignore-scripts --loglevel=error yaml@2.9.1"
export NODE_PATH="$WORK/npm/node_modules"

# --- network: a hub namespace with a bridge, one namespace per host, one for the peer -----------------------
net_setup() {
  ip netns add "$HUB" || return 1
  NETNS+=("$HUB")
  ip -n "$HUB" link set lo up
  ip -n "$HUB" link add br0 type bridge
  ip -n "$HUB" addr add 10.213.0.1/16 dev br0
  ip -n "$HUB" link set br0 up
  local i ns
  for i in $(seq 0 "$HOSTS"); do # 0 is the peer node_exporter
    if ((i == 0)); then ns="$TAG-peer"; else ns=$(ns_of "$i"); fi
    ip netns add "$ns" || return 1
    NETNS+=("$ns")
    # Created inside the hub with its peer end moved straight into the host's namespace: nothing in the root one.
    ip -n "$HUB" link add "v$i" type veth peer name eth0 netns "$ns" || return 1
    ip -n "$HUB" link set "v$i" master br0 up
    ip -n "$ns" link set lo up
    if ((i == 0)); then ip -n "$ns" addr add 10.213.0.2/16 dev eth0; else ip -n "$ns" addr add "$(addr_of "$i")/16" dev eth0; fi
    ip -n "$ns" link set eth0 up
  done
  # No namespace has a default route: 10.213.0.0/16 is all they can reach.
  for ns in "${NETNS[@]}"; do
    if ip -n "$ns" route show default | grep -q .; then echo "$ns has a default route"; return 1; fi
  done
}
check "network: hub bridge 10.213.0.1/16, $HOSTS host namespaces and one peer namespace on veths, no route out" net_setup
ip netns list | grep -q "^$HUB" || fatal "hub namespace"

# --- the central side in the hub: TSDB, agent, rules, Alertmanager, webhook receiver -----------------------
# Targets: file SD, as Kubernetes pod SD gives them: the node name in a __meta_ label that relabelling turns
# into `instance` and `host` (infra/kubernetes/fleet/vmagent.yaml does the same from __meta_kubernetes_pod_node_name).
targets_json() { # the SD file for hosts FROM..TO
  local i sep=
  printf '['
  for i in $(seq "$1" "$2"); do
    printf '%s{"targets":["%s:%s"],"labels":{"__meta_node_name":"%s"}}' "$sep" "$(addr_of "$i")" "$PORT" "$(name_of "$i")"
    sep=,
  done
  printf ']\n'
}
mkdir -p "$WORK/sd"
cat >"$WORK/agent.yml" <<EOF
global:
  scrape_interval: ${SCRAPE_SEC}s
  scrape_timeout: $((SCRAPE_SEC - 1))s
scrape_configs:
  - job_name: infra-monitoring
    file_sd_configs:
      - files: ["$WORK/sd/*.json"]
    relabel_configs:
      - source_labels: [__meta_node_name]
        target_label: instance
      - source_labels: [__meta_node_name]
        target_label: host
  - job_name: node
    static_configs:
      - targets: ["10.213.0.2:9100"]
        labels: {instance: peer-node-exporter, host: peer-node-exporter}
EOF
check "vmagent -dryRun accepts the generated scrape config" vmagent -dryRun -promscrape.config="$WORK/agent.yml"
# The shipped fleet files that no live part here runs (compose; Kubernetes' are checked by the stack check).
check "shellcheck scripts/fleet-check.sh" shellcheck scripts/fleet-check.sh
check "vmagent -dryRun accepts infra/kubernetes/fleet/vmagent-scrape.yml" vmagent -dryRun -promscrape.config=infra/kubernetes/fleet/vmagent-scrape.yml
check "vmagent -dryRun accepts infra/fleet/agent-scrape.yml" env MONITORING_HOST=check vmagent -dryRun -promscrape.config=infra/fleet/agent-scrape.yml
check "docker-compose config -q: infra/fleet/central.compose.yml" env -u COMPOSE_FILE -u COMPOSE_PROFILES docker-compose -f infra/fleet/central.compose.yml config -q
check "docker-compose config -q: docker-compose.yml + infra/fleet/agent.compose.yml" env -u COMPOSE_FILE -u COMPOSE_PROFILES \
  MONITORING_HOST=check FLEET_WRITE_URL=http://central.invalid:8480/insert/0/prometheus/api/v1/write \
  docker-compose -f docker-compose.yml -f infra/fleet/agent.compose.yml config -q

# The project's rules, copied: the stale-feed alert (alertname containing FeedStale) gets a short `for:` and,
# where its expression is `<...record_age_seconds...> > N`, a short age; every other rule is left as shipped.
rules_copy() {
  node - "$ROOT/infra/prometheus/rules" "$WORK/rules" "$STALE_ALERT_FOR" "$STALE_ALERT_AGE" <<'JS'
const fs = require("fs"), path = require("path"), YAML = require("yaml");
const [src, out, forDur, age] = process.argv.slice(2);
let stale = 0;
for (const f of fs.readdirSync(src).filter((f) => f.endsWith(".yml")).sort()) {
  const doc = YAML.parse(fs.readFileSync(path.join(src, f), "utf8"));
  for (const g of doc.groups || []) for (const r of g.rules || []) {
    if (!r.alert || !/FeedStale/.test(r.alert)) continue;
    stale++;
    console.log(`${f}: ${r.alert}: for ${r.for || "0s"} -> ${forDur}`);
    r.for = forDur;
    const m = String(r.expr).trim().match(/^(.*record_age_seconds.*?)\s*>=?\s*[0-9.]+$/s);
    if (m) { console.log(`${f}: ${r.alert}: ${r.expr} -> ${m[1]} > ${age}`); r.expr = `${m[1]} > ${age}`; }
    else console.log(`${f}: ${r.alert}: expression kept (${r.expr}); the alert may take longer`);
  }
  fs.writeFileSync(path.join(out, f), YAML.stringify(doc));
}
if (!stale) { console.error("no alert named *FeedStale* in the rule files"); process.exit(1); }
JS
}
check "rules copy for the check (stale-feed alert shortened; shipped files untouched)" rules_copy
sed 's/^/    /' "$WORK/check-$n.log"
check "vmalert -dryRun accepts the shipped rule files" vmalert -dryRun -rule="$ROOT/infra/prometheus/rules/*.yml"
check "vmalert -dryRun accepts the generated copy" vmalert -dryRun -rule="$WORK/rules/*.yml"

cat >"$WORK/alertmanager.yml" <<EOF
route:
  receiver: hook
  group_by: [alertname, host]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
receivers:
  - name: hook
    webhook_configs:
      - url: http://127.0.0.1:$HOOK_PORT/hook
        send_resolved: true
EOF
check "amtool check-config of the check's Alertmanager config" amtool check-config "$WORK/alertmanager.yml"
cat >"$WORK/hook.py" <<'PY'
# Loopback webhook receiver: one JSON line per notification.
import http.server, json, sys
out = open(sys.argv[2], "a", buffering=1)
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            out.write(json.dumps(json.loads(body)) + "\n")
        except ValueError:
            out.write(json.dumps({"unparsed": body.decode("utf-8", "replace")}) + "\n")
        self.send_response(200)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
PY
: >"$WORK/notifications.jsonl"

start "$HUB" victoria-metrics victoria-metrics -httpListenAddr="$VM" -storageDataPath="$WORK/vm" -retentionPeriod=1d \
  -search.latencyOffset=1s -vmalert.proxyURL="http://$VMALERT" -loggerLevel=WARN
VM_PID=$STARTED
start "$HUB" hook /usr/bin/python3 "$WORK/hook.py" "$HOOK_PORT" "$WORK/notifications.jsonl"
start "$HUB" alertmanager prometheus-alertmanager --config.file="$WORK/alertmanager.yml" --storage.path="$WORK/am" \
  --web.listen-address="$AM" --cluster.listen-address= --log.level=warn
start "$HUB" vmalert vmalert -httpListenAddr="$VMALERT" -rule="$WORK/rules/*.yml" -datasource.url="http://$VM" \
  -notifier.url="http://$AM" -evaluationInterval="${EVAL_SEC}s" -loggerLevel=WARN
VMALERT_PID=$STARTED
# The agent: on-disk buffer (-remoteWrite.tmpDataPath) as in the overlay; SD files re-read every second.
start "$HUB" vmagent vmagent -httpListenAddr="$AGENT" -promscrape.config="$WORK/agent.yml" \
  -promscrape.fileSDCheckInterval=1s -remoteWrite.url="http://$VM/api/v1/write" \
  -remoteWrite.tmpDataPath="$WORK/agent-buffer" -remoteWrite.maxDiskUsagePerURL=1GB -loggerLevel=WARN
AGENT_PID=$STARTED
start "$TAG-peer" node-exporter /usr/bin/prometheus-node-exporter --web.listen-address=10.213.0.2:9100 --log.level=warn
central_ready() {
  get "http://$VM/health" >/dev/null && get "http://$AGENT/health" >/dev/null && get "http://$VMALERT/health" >/dev/null \
    && get "http://$AM/-/ready" >/dev/null && hub curl -fsS --max-time 2 -o /dev/null -X POST -d '{}' "http://127.0.0.1:$HOOK_PORT/ready"
}
check "victoria-metrics, vmagent, vmalert, alertmanager, webhook receiver ready on the hub's loopback" wait_for 30 central central_ready
: >"$WORK/notifications.jsonl" # the readiness probe's line

# --- the hosts ----------------------------------------------------------------------------------------------
seed_state() { # the stack check's seed: 7 watched days of 10 GB, so the learned network limit exists
  local i
  printf '{"version": 1, "days": {'
  for i in 7 6 5 4 3 2 1; do
    printf '"%s": {"bytes_sent": 4000000000, "bytes_recv": 6000000000, "total": 10000000000, "covered_seconds": 86400}' \
      "$(date -d "-$i day" +%F)"
    ((i > 1)) && printf ', '
  done
  printf '}}\n'
}
: >"$WORK/empty.env"
declare -A COLL EXP START_AT
# Each pair as the stack check runs its one pair (same thresholds, probes to its own exporter, the committed
# sysfs fixture for temperature), so every dashboard panel has data; from the repository root, as run.sh
# starts them (the CDS archive path is relative to it), with an empty .env file.
host_env() {
  local i=$1 dir
  dir="$WORK/hosts/$(name_of "$i")"
  echo env MONITORING_ENV_FILE="$WORK/empty.env" MONITORING_HOST="$(name_of "$i")" MONITORING_LOG_ROOT="$dir/logs" \
    MONITORING_STATE_DIR="$dir/state" MONITORING_INTERVAL_SEC="$INTERVAL_SEC" MONITORING_STALE_AFTER_SEC="$STALE_AFTER_SEC" \
    MONITORING_EXPORTER_ADDR="$(addr_of "$i")" MONITORING_EXPORTER_PORT="$PORT" \
    MONITORING_PROBE_TARGETS="$(addr_of "$i"):$PORT" MONITORING_NETWORK_TIMEOUT=1 \
    MONITORING_METRIC_INTERVAL_PING=10 MONITORING_METRIC_INTERVAL_LATENCY=10 \
    MONITORING_PATH_SYSFS="$ROOT/infra/check/fixtures/sys" \
    MONITORING_THRESHOLD_CPU_PERCENT_WARNING=0 \
    MONITORING_THRESHOLD_MEMORY_PERCENT_WARNING=0 MONITORING_THRESHOLD_MEMORY_PERCENT_CRITICAL=0.001 \
    MONITORING_TREATMENTS=dry-run MONITORING_SUSTAINED_CRIT_SECONDS=0
}
start_collector() {
  local i=$1
  # shellcheck disable=SC2046 # host_env prints words without spaces
  start "$(ns_of "$i")" "$(name_of "$i")-collector" $(host_env "$i") java @collector/jvm.options -jar collector/target/collector.jar
  COLL[$i]=$STARTED
}
start_pair() {
  local i=$1 dir
  dir="$WORK/hosts/$(name_of "$i")"
  mkdir -p "$dir/logs" "$dir/state"
  seed_state >"$dir/state/network_usage.json"
  START_AT[$i]=$(date +%s.%N)
  start_collector "$i"
  # shellcheck disable=SC2046
  start "$(ns_of "$i")" "$(name_of "$i")-exporter" $(host_env "$i") java @exporter/jvm.options -jar exporter/target/exporter.jar
  EXP[$i]=$STARTED
}

# hosts_with EXPR: the host labels of the expression's result, one a line, sorted.
hosts_with() { q "$1" | jq -r '.data.result[].metric.host // empty' | sort -u; }
declare -A FIRST_SEEN
# Polls the TSDB once a second until every host of FROM..TO has host data (monitoring_memory_percent: the
# first record's CPU is only a baseline), noting when each first appears.
wait_first_series() {
  local from=$1 to=$2 limit=$3 t=0 h i now missing
  while :; do
    now=$(date +%s.%N)
    for h in $(hosts_with 'group by (host) (monitoring_memory_percent{job="infra-monitoring"})'); do
      i=$((10#${h#host-}))
      ((i >= from && i <= to)) && [[ -z "${FIRST_SEEN[$i]:-}" ]] && FIRST_SEEN[$i]=$(calc "$now - ${START_AT[$i]}")
    done
    missing=0
    for i in $(seq "$from" "$to"); do [[ -n "${FIRST_SEEN[$i]:-}" ]] || missing=$((missing + 1)); done
    ((missing == 0)) && return 0
    t=$((t + 1))
    ((t < limit)) || { echo "$missing hosts without data after ${limit}s"; return 1; }
    sleep 1
  done
}
stats() { # prints "min median max" of the numbers on stdin
  sort -n | awk '{ a[NR] = $1 } END { if (NR) printf "min %.1f s, median %.1f s, max %.1f s", a[1], a[int((NR + 1) / 2)], a[NR] }'
}

# Hosts 1..N-1 start back to back (a cold fleet on this machine's cores, each timed from its own start); host N
# starts alone later, into the running fleet.
LAST=$HOSTS
targets_json 1 $((LAST - 1)) >"$WORK/sd/fleet.json"
echo "   starting $((LAST - 1)) pairs ..."
for i in $(seq 1 $((LAST - 1))); do start_pair "$i"; done
check "hosts 1..$((LAST - 1)) started back to back: each has host data in the TSDB" wait_first_series 1 $((LAST - 1)) $((60 + 6 * HOSTS))
measure "cold start of $((LAST - 1)) pairs started back to back on $(nproc) cores, each timed from its own start, start to first series in the TSDB: $(for i in $(seq 1 $((LAST - 1))); do echo "${FIRST_SEEN[$i]:-}"; done | grep . | stats)"
# The late host: its SD entry appears as it starts (Kubernetes pod SD sees a new pod at once; file SD here
# is re-read every second).
start_pair "$LAST"
targets_json "$LAST" "$LAST" >"$WORK/sd/late.json"
check "host $LAST started alone into the running fleet: host data in the TSDB" wait_first_series "$LAST" "$LAST" 60
measure "one host started into the running fleet, start to first series in the TSDB: $(printf '%.1f' "${FIRST_SEEN[$LAST]:-0}") s (scrape interval ${SCRAPE_SEC}s, collector interval ${INTERVAL_SEC}s)"

all_hosts() { for i in $(seq 1 "$HOSTS"); do name_of "$i"; echo; done; }
every_host() { # every_host EXPR: its result has exactly the fleet's hosts, each named by its host label
  local want got
  want=$(all_hosts)
  got=$(hosts_with "$1")
  [[ "$got" == "$want" ]] && return 0
  echo "expected hosts: $(echo "$want" | wc -l), got $(echo "$got" | grep -c .)"
  diff <(echo "$want") <(echo "$got") | head -20
  return 1
}
host_equals_instance() { # the relabelling: host and instance are the node name, not the address
  local bad
  bad=$(q 'up{job="infra-monitoring"}' | jq -r '.data.result[].metric | select(.host != .instance or (.host | test("^host-[0-9]+$") | not)) | tostring')
  [[ -z "$bad" ]] || { echo "$bad"; return 1; }
}
check "up == 1 for every host, each with its host label" wait_for 30 "every host up" every_host 'up{job="infra-monitoring"} == 1'
check "host data (memory, disk, load, record age) from every host" every_host \
  'group by (host) (monitoring_memory_percent) and on (host) group by (host) (monitoring_disk_percent) and on (host) group by (host) (monitoring_load1) and on (host) group by (host) (monitoring_exporter_record_age_seconds)'
check "instance == host == the node name on every series of up" host_equals_instance
CHOSEN=$((HOSTS / 2))
CHOSEN_NAME=$(name_of "$CHOSEN")
echo "   letting the agent scrape for ${MEASURE_SEC}s (the measurement window) ..."

# --- measurements over a steady window --------------------------------------------------------------------
get "http://$VM/metrics" >"$WORK/vm-1.prom"
get "http://$AGENT/metrics" >"$WORK/agent-1.prom"
c1_agent=$(cpu_ticks "$AGENT_PID") c1_vm=$(cpu_ticks "$VM_PID") c1_vmalert=$(cpu_ticks "$VMALERT_PID") c1_pairs=$(sum_ticks "${COLL[@]}" "${EXP[@]}")
t1=$(date +%s.%N)
sleep "$MEASURE_SEC"
get "http://$VM/metrics" >"$WORK/vm-2.prom"
get "http://$AGENT/metrics" >"$WORK/agent-2.prom"
t2=$(date +%s.%N)
HZ=$(getconf CLK_TCK)
cpu_pct() { calc "100 * ($1 - $2) / $HZ / ($t2 - $t1)" 1; } # cpu_pct TICKS_NOW TICKS_BEFORE: % of one core
cpu_agent=$(cpu_pct "$(cpu_ticks "$AGENT_PID")" "$c1_agent")
cpu_vm=$(cpu_pct "$(cpu_ticks "$VM_PID")" "$c1_vm")
cpu_vmalert=$(cpu_pct "$(cpu_ticks "$VMALERT_PID")" "$c1_vmalert")
cpu_pairs=$(cpu_pct "$(sum_ticks "${COLL[@]}" "${EXP[@]}")" "$c1_pairs")
# Samples per second by their own timestamps (what the TSDB holds for the window), not by arrival: on a
# loaded machine the agent may still be sending an earlier backlog.
sleep 3
samples_per_s=$(calc "$(get "http://$VM/api/v1/query" --data-urlencode "query=sum(count_over_time({job=~\"infra-monitoring|node\"}[${MEASURE_SEC}s]))" \
  --data-urlencode "time=$(calc "$t2" 0)" | jq -r '.data.result[0].value[1] // 0') / $MEASURE_SEC")
series_pairs=$(q 'count({job="infra-monitoring"})' | jq -r '.data.result[0].value[1] // 0')
series_peer=$(q 'count({job="node"})' | jq -r '.data.result[0].value[1] // 0')
series_max_host=$(q 'max(count by (host) ({job="infra-monitoring"}))' | jq -r '.data.result[0].value[1] // 0')
rss_agent=$(rss_kib "$AGENT_PID")
rss_vm=$(rss_kib "$VM_PID")
rss_vmalert=$(rss_kib "$VMALERT_PID")
sum_rss() { local p s=0; for p in "$@"; do s=$((s + $(rss_kib "$p"))); done; echo "$s"; }
rss_colls=$(sum_rss "${COLL[@]}")
rss_exps=$(sum_rss "${EXP[@]}")
measure "series: $series_pairs from $HOSTS pairs ($(calc "$series_pairs / $HOSTS" 1) per host, at most $series_max_host on one host); peer node_exporter (Debian's, default collectors): $series_peer series, ratio pair/node_exporter $(calc "$series_pairs / $HOSTS / $series_peer" 2)"
measure "samples/s into the TSDB (by sample timestamp) over ${MEASURE_SEC}s: $(calc "$samples_per_s" 0) ($(calc "$samples_per_s / ($HOSTS + 1)" 1) per scraped target at ${SCRAPE_SEC}s scrapes)"
measure "RSS: vmagent $((rss_agent / 1024)) MiB, victoria-metrics $((rss_vm / 1024)) MiB, vmalert $((rss_vmalert / 1024)) MiB; per pair: collector $((rss_colls / HOSTS / 1024)) MiB + exporter $((rss_exps / HOSTS / 1024)) MiB (means)"
measure "CPU over the window, % of one core: vmagent $cpu_agent, victoria-metrics $cpu_vm, vmalert $cpu_vmalert; all $HOSTS pairs together $cpu_pairs ($(calc "$cpu_pairs / $HOSTS" 2) per pair)"
echo "$HOSTS $series_pairs $series_peer $samples_per_s $rss_agent $rss_vm $rss_vmalert $rss_colls $rss_exps" >"$WORK/measurements.raw"

# --- dashboard queries and alert expressions through VictoriaMetrics --------------------------------------
hub curl -fsS --max-time 5 "http://$(addr_of "$CHOSEN"):$PORT/metrics" >"$WORK/metrics-$CHOSEN_NAME.txt"
check "every dashboard panel query and alert expression through VictoriaMetrics' Prometheus API (instance $CHOSEN_NAME)" \
  hub node infra/check/queries.cjs "$ROOT" "http://$VM" "$CHOSEN_NAME" "$WORK/metrics-$CHOSEN_NAME.txt"
grep -hE '^(FAIL|queries:)' "$WORK/check-$n.log" | sed 's/^/    /'
check "the same for all hosts at once (instance=~\".+\", as the dashboard's All)" \
  hub node infra/check/queries.cjs "$ROOT" "http://$VM" ".+"
grep -hE '^(FAIL|queries:)' "$WORK/check-$n.log" | sed 's/^/    /'

# --- remote write: nothing dropped, failed or retried; every row the agent sent is in the TSDB -------------
remote_write_clean() {
  local f="$WORK/agent-final.prom" v="$WORK/vm-final.prom" bad=0 sent sent_after inserted
  wait_for 20 "empty agent queue" bash -c "ip netns exec '$HUB' curl -fsS '$AGENT/metrics' | awk '\$1 ~ /^vmagent_remotewrite_pending_data_bytes/ { s += \$NF } END { exit s != 0 }'" || bad=1
  # Scrapes go on while we read: the TSDB's count, read between two readings of the agent's, must lie between
  # them (every row the agent had sent is in, and nothing the agent did not send).
  get "http://$AGENT/metrics" >"$f.before"
  get "http://$VM/metrics" >"$v"
  get "http://$AGENT/metrics" >"$f"
  for m in 'vmagent_remotewrite_packets_dropped_total' 'vmagent_remotewrite_retries_count_total' \
    'vm_persistentqueue_bytes_dropped_total' 'vmagent_remotewrite_requests_total\{.*status_code="[^2]' \
    'vm_rows_dropped_total' 'vmagent_remotewrite_rate_limit_reached_total'; do
    echo "$m: $(metric "$f" "^$m")"
    (($(metric "$f" "^$m") == 0)) || bad=1
  done
  grep -q '^vmagent_remotewrite_requests_total' "$f" || { echo "no vmagent_remotewrite_requests_total: metric names changed?"; bad=1; }
  sent=$(metric "$f.before" '^vmagent_remotewrite_block_size_rows_sum')
  sent_after=$(metric "$f" '^vmagent_remotewrite_block_size_rows_sum')
  inserted=$(metric "$v" '^vm_rows_inserted_total\{type="promremotewrite"\}$')
  echo "rows sent by vmagent: $sent, then $sent_after; rows inserted by victoria-metrics over remote write in between: $inserted"
  ((sent > 0 && sent <= inserted && inserted <= sent_after)) || bad=1
  return $bad
}
check "zero dropped/failed/retried remote-write samples; every row sent is inserted" remote_write_clean
sed 's/^/    /' "$WORK/check-$n.log"
measure "remote-write volume: $(calc "$(metric "$WORK/agent-final.prom" '^vmagent_remotewrite_bytes_sent_total') / $(metric "$WORK/agent-final.prom" '^vmagent_remotewrite_block_size_rows_sum')" 2) bytes per sample on the wire (compressed, as the disk buffer holds it)"
measure "remote-write failures: $(metric "$WORK/agent-final.prom" '^vmagent_remotewrite_requests_total\{.*status_code="[^2]') failed requests, $(metric "$WORK/agent-final.prom" '^vmagent_remotewrite_packets_dropped_total') dropped packets, $(metric "$WORK/agent-final.prom" '^vmagent_remotewrite_retries_count_total') retries; $(metric "$WORK/agent-final.prom" '^vmagent_remotewrite_block_size_rows_sum') rows sent"

# --- the stale-feed alert: one host's collector stops, then starts again ----------------------------------
stale_notes() { # stale_notes STATUS: host labels of *FeedStale* alerts in notifications with that alert status
  jq -r --arg s "$1" 'select(.alerts) | .alerts[] | select(.status == $s and (.labels.alertname | test("FeedStale"))) | .labels.host // "(no host label)"' \
    "$WORK/notifications.jsonl" 2>/dev/null | sort -u
}
fired_for_chosen() { stale_notes firing | grep -qx "$CHOSEN_NAME"; }
resolved_for_chosen() { stale_notes resolved | grep -qx "$CHOSEN_NAME"; }
no_stale_before() {
  local got
  got=$(stale_notes firing)
  [[ -z "$got" ]] || { echo "stale-feed alert already firing for: $got"; return 1; }
}
check "no stale-feed alert while every collector runs" no_stale_before
echo "   stopping the collector of $CHOSEN_NAME (pid ${COLL[$CHOSEN]}) ..."
stopped_at=$(date +%s)
stop_pids "${COLL[$CHOSEN]}"
check "stale-feed alert fires for $CHOSEN_NAME and reaches the webhook" wait_for 240 "firing notification" fired_for_chosen
fire_s=$(($(date +%s) - stopped_at))
sleep $((2 * EVAL_SEC + 2)) # let any wrongly firing host show up too
only_chosen() {
  local notes active
  notes=$(stale_notes firing)
  active=$(get "http://$VMALERT/api/v1/alerts" | jq -r '.data.alerts[] | select(.name | test("FeedStale")) | .labels.host' | sort -u)
  echo "notified: $notes; active in vmalert: $active"
  [[ "$notes" == "$CHOSEN_NAME" && "$active" == "$CHOSEN_NAME" ]]
}
check "... for that host only (notifications and vmalert's active alerts)" only_chosen
names_host() {
  jq -c --arg h "$CHOSEN_NAME" 'select(.alerts) | .alerts[] | select(.status == "firing" and .labels.host == $h and (.labels.alertname | test("FeedStale")))' \
    "$WORK/notifications.jsonl" | head -1 | tee /dev/stderr | grep -q "$CHOSEN_NAME"
  # The text a person reads (summary/description) names the host too: the instance label is the node name.
  jq -r --arg h "$CHOSEN_NAME" 'select(.alerts) | .alerts[] | select(.labels.host == $h and (.labels.alertname | test("FeedStale"))) | .annotations | [.summary, .description] | join(" ")' \
    "$WORK/notifications.jsonl" | grep -q "$CHOSEN_NAME"
}
check "the notification names the host (label and annotation text)" names_host
echo "   restarting the collector of $CHOSEN_NAME ..."
restarted_at=$(date +%s)
start_collector "$CHOSEN"
check "restarting the collector resolves it (resolved notification for $CHOSEN_NAME)" wait_for 120 "resolved notification" resolved_for_chosen
resolve_s=$(($(date +%s) - restarted_at))
measure "stale-feed alert: firing notification ${fire_s}s after the collector stopped (the exporter calls a record stale after ${STALE_AFTER_SEC}s; rule copy: for ${STALE_ALERT_FOR}, an age over ${STALE_ALERT_AGE}s where the rule compares the age itself, evaluated every ${EVAL_SEC}s), resolved ${resolve_s}s after it restarted"

# shellcheck disable=SC2016 # $p and $@ belong to the inner bash
check "every process still running (the pairs, the central side, the peer)" bash -c 'for p in "$@"; do kill -0 "$p" || { echo "pid $p exited"; exit 1; }; done' _ \
  "$VM_PID" "$AGENT_PID" "$VMALERT_PID" "${EXP[@]}" "${COLL[@]}"
if ((FAILED)); then
  for f in victoria-metrics vmagent vmalert alertmanager "$CHOSEN_NAME-collector" "$CHOSEN_NAME-exporter"; do
    echo "--- $f output (tail)"
    tail -n 10 "$WORK/out/$f.out" | sed 's/^/    /'
  done
fi
summary
((FAILED == 0))
