#!/usr/bin/env bash
# The stack check (run by .ci/run after the tests). Proves the shipped stack content against real tools:
#   static: promtool check config / check rules / test rules; amtool check-config; docker-compose config -q
#           (Debian's docker-compose, each profile, .env.example as .env); dclint (current compose schema);
#           compose passes every setting on; the dashboard against Grafana's own schema (@grafana/schema);
#           Terraform through HashiCorp's HCL parser; Kubernetes manifests against the API schemas; the
#           Dockerfiles (dockerfile-utils) and workflows (action-validator); the paths Dockerfiles, compose
#           and configs share exist; every alert links its own section of docs/runbooks.md, which compose serves
#           from Prometheus (infra/check/runbooks.cjs). (That .env.example names every setting and loads with no
#           warning in either process is a unit test: SettingsCatalogTest, CollectorSettingsTest,
#           ExporterSettingsTest.)
#   live:   the collector (1 s interval, temporary log root, probing the exporter's loopback port and a closed
#           one), the exporter and Debian's prometheus (config generated from infra/prometheus/prometheus.yml,
#           targets rewritten to loopback, 1 s scrapes, a copy of the rule files whose HostThresholdBreach and
#           ProbeTargetDown have a short `for:`), all on 127.0.0.1; after a few scrapes: the images' healthchecks,
#           up == 1 and the main series, monitoring_probe_success 0 for the closed port and ProbeTargetDown
#           firing with a runbook link that Prometheus serves, then every Grafana panel query, variable and
#           alert expression through the Prometheus HTTP API, and every served family on the dashboard
#           (infra/check/queries.cjs); then Debian's prometheus-node-exporter on the same host and paths, and the
#           values stable between two reads (counts, limits, sizes, inodes, flags) compared with the exporter's
#           (infra/check/node-exporter-live.cjs).
#   e2e:    one breach, one message: a collector on fixed /proc and /sys files with its memory threshold lowered, an
#           exporter, Debian's prometheus (the same rule copy, alerting on) and Debian's prometheus-alertmanager
#           (the shipped config with the webhook inline and 1 s/5 s group waits, infra/check/am-config.cjs)
#           notifying a loopback stand-in for Discord (infra/check/fake-discord.cjs): exactly one firing message
#           (the warning inhibited by the critical) naming the host with a runbook link that works, then, the
#           collector restarted with its normal thresholds, exactly one resolved message; within Discord's limits.
#           Times from the breach's first record to each message are printed.
# Everything it starts is recorded by PID and stopped on exit. Prints a PASS/FAIL summary; exits 1 on any
# failure. Options: --static (skip the live part), --keep (keep the work directory).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)

STATIC_ONLY=false
KEEP=false
for a in "$@"; do
  case "$a" in
    --static) STATIC_ONLY=true ;;
    --keep) KEEP=true ;;
    *) echo "usage: $0 [--static] [--keep]" >&2; exit 2 ;;
  esac
done

# npm packages, pinned, installed into the work directory only (never into the repository).
NPM_PACKAGES=(
  dclint@3.1.0
  @grafana/schema@13.2.3
  ts-json-schema-generator@2.4.0
  typescript@5.9.3
  ajv@8.20.0
  yaml@2.9.1
  @action-validator/cli@0.6.0
  @action-validator/core@0.6.0
  dockerfile-utils@0.16.3
  kubernetes-models@5.1.0
  @cdktf/hcl2json@0.21.0
)
SCRAPES_BEFORE_QUERIES=12   # seconds of 1 s scrapes before the queries (rate() windows need several samples)
ALERT_FOR=8s                # `for:` of HostThresholdBreach and ProbeTargetDown in the live parts' rules copy
E2E_HOST=stack-check-host   # MONITORING_HOST of the e2e part's collector: the name the messages must carry

WORK=$(mktemp -d "${TMPDIR:-/tmp}/stack-check.XXXXXX")
PIDS=()
RESULTS=()
FAILED=0

stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    # Give each a few seconds to stop cleanly, then force it.
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.3; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}
on_exit() {
  stop_all
  if $KEEP || ((FAILED)); then echo "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# check NAME COMMAND...: runs the command, records PASS/FAIL, shows the output's tail on failure.
n=0
check() {
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
    tail -n 40 "$out" | sed 's/^/    /'
  fi
}
note() {
  RESULTS+=("NOTE $*")
  echo "NOTE $*"
}

# --- static checks ------------------------------------------------------------------------------------
echo "== static checks (work directory $WORK)"
check "promtool check config infra/prometheus/prometheus.yml" promtool check config infra/prometheus/prometheus.yml
check "promtool check rules infra/prometheus/rules/*.yml" promtool check rules infra/prometheus/rules/*.yml
check "promtool test rules infra/prometheus/tests/*.yml" promtool test rules infra/prometheus/tests/*.yml
amtool_check() {
  # Debian's amtool (0.25) predates webhook_url_file for Discord (0.28 reads it; the image is v0.28.1), so the
  # copy it checks names a placeholder URL instead; everything else is the shipped file.
  sed 's#webhook_url_file: /run/secrets/discord_webhook_url#webhook_url: https://discord.invalid/api/webhooks/0/check#' \
    infra/alertmanager/alertmanager.yml >"$WORK/alertmanager.yml"
  grep -q 'discord.invalid' "$WORK/alertmanager.yml" || { echo "webhook_url_file line not found"; return 1; }
  amtool check-config "$WORK/alertmanager.yml"
}
check "amtool check-config infra/alertmanager/alertmanager.yml (webhook file replaced by a placeholder URL)" amtool_check
# Without a .env the compose defaults apply; the secret file need not exist for `config`.
compose_with_env_example() {
  mkdir -p "$WORK/compose"
  cp .env.example "$WORK/compose/.env"
  grep -qx 'COMPOSE_PROFILES=alloy' .env.example || { echo ".env.example does not choose the alloy profile"; return 1; }
  env -u COMPOSE_FILE -u COMPOSE_PROFILES docker-compose -f docker-compose.yml --env-file "$WORK/compose/.env" config -q
}
for profile in promtail alloy; do
  check "docker-compose --profile $profile config -q" \
    env -u COMPOSE_FILE -u COMPOSE_PROFILES docker-compose -f docker-compose.yml --profile "$profile" config -q
done
check "docker-compose config -q with .env.example as .env" compose_with_env_example
# The secured mode (docs/security.md): the override on top of the stack, each profile, and on a fleet host.
for profile in promtail alloy; do
  check "docker-compose -f docker-compose.yml -f docker-compose.secure.yml --profile $profile config -q" \
    env -u COMPOSE_FILE -u COMPOSE_PROFILES docker-compose -f docker-compose.yml -f docker-compose.secure.yml --profile "$profile" config -q
done
check "docker-compose config -q of a secured fleet host (+ infra/fleet/agent.compose.yml, agent.secure.yml)" \
  env -u COMPOSE_FILE -u COMPOSE_PROFILES MONITORING_HOST=check FLEET_WRITE_URL=http://127.0.0.1:1/write \
  docker-compose -f docker-compose.yml -f docker-compose.secure.yml -f infra/fleet/agent.compose.yml -f infra/fleet/agent.secure.yml config -q
check "promtool check config infra/prometheus/prometheus.secure.yml" promtool check config infra/prometheus/prometheus.secure.yml

# The stack's other doors. Prometheus' lifecycle API (/-/quit, /-/reload) takes no credentials, and a browser's
# cross-site POST reaches it: no deployment turns it on.
no_lifecycle() {
  ! git grep -nE -- '^[^#]*--?web\.enable-lifecycle' -- '*.yml' '*.yaml' '*.tf' '*.sh' ':!scripts/stack-check.sh'
}
check "no --web.enable-lifecycle in compose, Kubernetes, Terraform or scripts" no_lifecycle
# Every third-party image pinned by tag and digest (name:tag@sha256:...), as the Dockerfiles' bases are, and one
# digest per image everywhere. UNPINNED lists the images whose digest could not be verified when they were
# pinned (docs/stack.md#images-of-the-stack): pinned by tag, until someone checks the digest with
# `docker buildx imagetools inspect <image>` (the index digest, not one platform's).
UNPINNED=(grafana/promtail:3.5.12 victoriametrics/vmagent:v1.102.1 victoriametrics/vmalert:v1.102.1
  victoriametrics/vmstorage:v1.102.1-cluster victoriametrics/vminsert:v1.102.1-cluster victoriametrics/vmselect:v1.102.1-cluster)
images_pinned() {
  local bad=0 f line img name seen=" " unpinned=" ${UNPINNED[*]} "
  while IFS= read -r line; do
    f=${line%%:*}
    img=$(sed -E 's/^[^:]+:[0-9]+:\s*(- )?image:\s*//; s/["'\'']//g; s/\s+#.*$//' <<<"$line")
    [[ "$img" == infra-monitoring-* || "$img" == *'${IMAGE_PREFIX'* ]] && continue
    name=${img%%@*}
    if [[ "$img" =~ ^[a-z0-9./_-]+:[A-Za-z0-9._-]+@sha256:[0-9a-f]{64}$ ]]; then
      [[ "$unpinned" == *" $name "* ]] && { echo "$f: $img is pinned now: take it off UNPINNED"; bad=1; }
      if [[ "$seen" == *" $name@"* && "$seen" != *" $img "* ]]; then echo "$f: $img: another digest of $name elsewhere"; bad=1; fi
      seen+="$img "
    elif [[ "$unpinned" == *" $img "* ]]; then
      echo "tag only (digest unverified): $f: $img"
    else
      echo "$f: $img is not pinned by tag and digest (name:tag@sha256:<64 hex>)"
      bad=1
    fi
  done < <(git grep -nE '^\s*(- )?image:' -- docker-compose*.yml infra/fleet infra/kubernetes)
  return $bad
}
check "third-party images pinned by tag and digest, one digest per image (tag only: the UNPINNED list)" images_pinned
# Grafana refuses to start without an admin password (no admin/admin): the entrypoint compose gives it, run here
# with the image's /run.sh replaced by a stand-in that says it started.
grafana_needs_password() {
  local f script bad=0 out
  printf '#!/bin/sh\necho started\n' >"$WORK/run.sh"
  chmod +x "$WORK/run.sh"
  for f in docker-compose.yml infra/fleet/central.compose.yml; do
    script=$(node -e '
      const Y = require("yaml"); const d = Y.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const e = (d.services.grafana || {}).entrypoint || [];
      const env = JSON.stringify(d.services.grafana.environment || {});
      if (e[0] !== "sh" || e[1] !== "-c" || !/GF_SECURITY_ADMIN_PASSWORD[=":]+\$\{GRAFANA_ADMIN_PASSWORD:-\}/.test(env)) process.exit(3);
      process.stdout.write(e[2].replace(/\$\$/g, "$"));' "$f") \
      || { echo "$f: grafana has no sh -c entrypoint, or GF_SECURITY_ADMIN_PASSWORD is not \${GRAFANA_ADMIN_PASSWORD:-}"; bad=1; continue; }
    script=${script//\/run.sh/$WORK/run.sh}
    for pw in unset "" admin; do
      if [[ "$pw" == unset ]]; then out=$(env -u GF_SECURITY_ADMIN_PASSWORD -u GF_SECURITY_ADMIN_PASSWORD__FILE sh -c "$script" grafana 2>&1)
      else out=$(env -u GF_SECURITY_ADMIN_PASSWORD__FILE GF_SECURITY_ADMIN_PASSWORD="$pw" sh -c "$script" grafana 2>&1); fi
      echo "$f, password ${pw:-empty}: $out"
      [[ "$out" == *"not starting"* ]] || bad=1
    done
    out=$(env -u GF_SECURITY_ADMIN_PASSWORD__FILE GF_SECURITY_ADMIN_PASSWORD=s3cret sh -c "$script" grafana 2>&1)
    echo "$f, password set: $out"
    [[ "$out" == started ]] || bad=1
    out=$(env -u GF_SECURITY_ADMIN_PASSWORD GF_SECURITY_ADMIN_PASSWORD__FILE=/run/secrets/x sh -c "$script" grafana 2>&1)
    echo "$f, password file: $out"
    [[ "$out" == started ]] || bad=1
  done
  return $bad
}

paths_exist() {
  local missing=0 p
  # Every file the Dockerfiles copy from the context.
  for p in $(grep -hE '^COPY ' Dockerfile.collector Dockerfile.exporter | grep -v -- '--from' | awk '{for (i = 2; i < NF; i++) print $i}' | sort -u); do
    [[ -e "$p" ]] || { echo "Dockerfile COPY source missing: $p"; missing=1; }
  done
  # Every bind mount (./...) and the build files compose names.
  for p in $(grep -hoE '^\s+- \./[^:]+' docker-compose.yml docker-compose.secure.yml infra/fleet/agent.compose.yml infra/fleet/agent.secure.yml \
    | sed -E 's/^\s+- //' | sort -u) Dockerfile.collector Dockerfile.exporter; do
    [[ -e "$p" ]] || { echo "compose path missing: $p"; missing=1; }
  done
  # The dashboard the Grafana provider loads, and the home dashboard path compose sets.
  [[ -f infra/grafana/dashboards/infra-monitoring.json ]] || { echo "dashboard missing"; missing=1; }
  grep -q 'GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH: /var/lib/grafana/dashboards/infra-monitoring.json' docker-compose.yml \
    || { echo "compose's home dashboard path does not name infra-monitoring.json"; missing=1; }
  # Loki's URL in promtail, alloy and the Grafana data source: the compose service loki on 3100.
  grep -q 'http://loki:3100/loki/api/v1/push' infra/promtail/promtail-config.yml || { echo "promtail: loki url"; missing=1; }
  grep -q 'http://loki:3100/loki/api/v1/push' infra/alloy/config.alloy || { echo "alloy: loki url"; missing=1; }
  grep -q 'url: http://loki:3100' infra/grafana/provisioning/datasources/datasources.yml || { echo "grafana: loki url"; missing=1; }
  grep -q 'url: http://prometheus:9090' infra/grafana/provisioning/datasources/datasources.yml || { echo "grafana: prometheus url"; missing=1; }
  grep -q 'targets: \["exporter:8000"\]' infra/prometheus/prometheus.yml || { echo "prometheus: exporter target"; missing=1; }
  grep -q 'targets: \["alertmanager:9093"\]' infra/prometheus/prometheus.yml || { echo "prometheus: alertmanager target"; missing=1; }
  grep -q 'webhook_url_file: /run/secrets/discord_webhook_url' infra/alertmanager/alertmanager.yml || { echo "alertmanager: secret path"; missing=1; }
  return $missing
}
check "paths shared by Dockerfiles, compose and configs exist and agree" paths_exist

compose_passes_settings() {
  # Every setting .env.example names reaches a container through compose, except those the containers fix
  # (log root, host paths, bind address and port, state dir) and those with no effect there.
  local fixed=" MONITORING_LOG_ROOT MONITORING_PATH_PROCFS MONITORING_PATH_SYSFS MONITORING_PATH_ROOTFS MONITORING_ENV_FILE
    MONITORING_STATE_DIR MONITORING_EXPORTER_ADDR MONITORING_EXPORTER_PORT MONITORING_HUMAN_LOG_WINDOW_SEC
    MONITORING_AVERAGE_WINDOW_SEC MONITORING_EXPORTER_ENABLE "
  local missing=0 k
  for k in $(grep -oE '^#?(MONITORING_[A-Z_]+|LOGS_DURABLE_WRITES|NETWORK_TREATMENT_ALLOWED_HOUR)=' .env.example | tr -d '#='); do
    [[ "$fixed" == *" $k"[[:space:]]* ]] && continue
    grep -qE "^      - $k(=|$)" docker-compose.yml || { echo "compose passes no $k to a container"; missing=1; }
  done
  return $missing
}
check "compose passes every setting of .env.example through (or fixes it)" compose_passes_settings

no_webhook_in_repo() {
  ! git grep -nE 'discord(app)?\.com/api/webhooks/[0-9]+' -- . ':!scripts/stack-check.sh'
}
check "no Discord webhook URL in tracked files" no_webhook_in_repo
check "shellcheck (warnings) of the stack's scripts" shellcheck -S warning scripts/stack-check.sh scripts/exporter-secrets.sh .ci/run .ci/install-deps

echo "== npm tools (pinned, into $WORK/npm)"
mkdir -p "$WORK/npm"
npm_ok=false
if (cd "$WORK/npm" && echo '{"name":"stack-check","private":true}' >package.json \
  && npm install --no-audit --no-fund --ignore-scripts --loglevel=error "${NPM_PACKAGES[@]}") >"$WORK/npm.log" 2>&1; then
  npm_ok=true
  RESULTS+=("PASS npm install ${NPM_PACKAGES[*]}")
  echo "PASS npm install"
else
  RESULTS+=("FAIL npm install (see $WORK/npm.log)")
  FAILED=$((FAILED + 1))
  echo "FAIL npm install"
  tail -n 20 "$WORK/npm.log" | sed 's/^/    /'
fi
export NODE_PATH="$WORK/npm/node_modules"
BIN="$WORK/npm/node_modules/.bin"
if $npm_ok; then
  check "dclint (compose schema and rules; infra/dclint.json turns off style-only rules)" \
    "$BIN/dclint" -c infra/dclint.json --max-warnings 0 docker-compose.yml docker-compose.secure.yml
  check "Grafana refuses to start without an admin password, or with admin (compose entrypoints, stand-in /run.sh)" \
    grafana_needs_password
  check "secured mode: secure configs equal the plain ones but for the exporter's job, secrets where named (secure-mode.cjs)" \
    node infra/check/secure-mode.cjs "$ROOT"
  check "every alert links its own section of docs/runbooks.md, served by Prometheus (runbooks.cjs)" \
    node infra/check/runbooks.cjs check "$ROOT"
  check "dashboard against @grafana/schema's Dashboard type" \
    node infra/check/dashboard-schema.cjs infra/grafana/dashboards/infra-monitoring.json infra/grafana/provisioning/datasources/datasources.yml
  check "infra/terraform: HCL syntax, references, one published port, fmt alignment (no terraform binary)" \
    node infra/check/terraform.cjs infra/terraform
  check "infra/kubernetes against the Kubernetes API schemas (kubernetes-models)" \
    node infra/check/kubernetes.cjs infra/kubernetes
  check "infra/kubernetes/fleet (overlay) against the API schemas and the fleet's consistency" node infra/check/kubernetes.cjs infra/kubernetes/fleet
  check "infra/kubernetes with the secure component: web config Secret, HTTPS probe" node infra/check/kubernetes.cjs infra/kubernetes infra/kubernetes/secure
  check "infra/kubernetes/fleet with fleet/secure: also vmagent over https with CA, server name, basic auth" \
    node infra/check/kubernetes.cjs infra/kubernetes/fleet infra/kubernetes/fleet/secure
  for df in Dockerfile.collector Dockerfile.exporter; do
    check "dockerfile-utils lint $df" "$BIN/dockerfile-utils" lint "$df"
  done
  for wf in .github/workflows/*.yml; do
    check "action-validator $wf" "$BIN/action-validator" "$wf"
  done
fi
if command -v kubectl >/dev/null; then
  note "not checked here: promtail -check-syntax, alloy fmt, Loki's config, terraform validate (provider schema) (no Debian or npm package of these tools); the Kubernetes manifests and Components were built with $(command -v kubectl) kustomize"
else
  note "not checked here: promtail -check-syntax, alloy fmt, Loki's config, terraform validate (provider schema) and kubectl/kustomize build, so the Kubernetes Components (the secured mode) were not built (no Debian or npm package of these tools)"
fi

# Builds the jars when missing or older than a source (.ci/run's verify has built them already).
stale_jars() {
  local jar
  for jar in collector/target/collector.jar exporter/target/exporter.jar; do
    [[ -f "$jar" ]] || return 0
    [[ -z "$(find common collector exporter pom.xml -newer "$jar" \( -name '*.java' -o -name 'pom.xml' -o -name '*.xml' \) \
      -not -path '*/target/*' -print -quit)" ]] || return 0
  done
  [[ ! -d common/target/classes ]]
}
if stale_jars; then
  echo "== building the jars (./mvnw -q -B -DskipTests package)"
  check "build jars" ./mvnw -q -B -DskipTests package
fi


if $STATIC_ONLY; then
  echo "== live part skipped (--static)"
else
  # --- live part ------------------------------------------------------------------------------------
  echo "== live: collector, exporter and prometheus on 127.0.0.1"
  LIVE_START=$SECONDS
  port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
  CHOSEN_PORTS=" "
  free_port() { # free_port FIRST LAST: a port nobody listens on and not chosen before, or nothing
    local p
    for p in $(seq "$1" "$2"); do
      if [[ "$CHOSEN_PORTS" != *" $p "* ]] && ! port_busy "$p"; then
        CHOSEN_PORTS+="$p "
        echo "$p"
        return 0
      fi
    done
  }
  EXPORTER_PORT=
  for p in $(seq 18040 18099); do
    if ! port_busy "$p"; then EXPORTER_PORT=$p; break; fi
  done
  live_ok=true
  if [[ -z "$EXPORTER_PORT" ]]; then
    check "a free exporter port in 18040-18099" false
    live_ok=false
  fi
  PROM_PORT=
  for p in $(seq 19090 19099); do
    if ! port_busy "$p"; then PROM_PORT=$p; break; fi
  done
  if [[ -z "$PROM_PORT" ]]; then
    check "a free prometheus port in 19090-19099" false
    live_ok=false
  fi
  PROM_ADDR=127.0.0.1:$PROM_PORT
  CHOSEN_PORTS+="$EXPORTER_PORT $PROM_PORT "
  # A loopback port nobody listens on (a dead probe target), and the e2e part's own processes.
  CLOSED_PORT=$(free_port 18100 18149)
  HOOK_PORT=$(free_port 18150 18199)
  EXPORTER2_PORT=$(free_port 18200 18249)
  AM_PORT=$(free_port 19100 19149)
  PROM2_PORT=$(free_port 19150 19199)
  NE_PORT=$(free_port 18250 18299)
  for v in CLOSED_PORT HOOK_PORT EXPORTER2_PORT AM_PORT PROM2_PORT NE_PORT; do
    if [[ -z "${!v}" ]]; then
      check "a free port for $v" false
      live_ok=false
    fi
  done
  if $live_ok && ! $npm_ok; then
    check "live part needs the npm packages (yaml) to generate the Prometheus config" false
    live_ok=false
  fi

  if $live_ok; then
    LOGS="$WORK/logs"
    mkdir -p "$LOGS" "$WORK/run"
    INSTANCE="127.0.0.1:$EXPORTER_PORT"
    # Thresholds lowered on purpose so that the alert series exist: CPU is always at warning or over, memory
    # always critical (state CRITICAL, critical_since, a dry-run treatment). Treatments in dry-run never act.
    # These VMs have no temperature sensor nor bond: sysfs is a committed tree with one thermal zone at 47 °C and
    # one bond of two slaves, both up (the only other sysfs reader, CPU frequency, falls back to /proc/cpuinfo);
    # /proc and / are the real host's.
    # Network learning needs 7 complete past days before it sets a limit: the state directory is seeded
    # with 7 watched days of 10 GB each (limit 12 GB), so net_learned_limit_bytes exists too.
    # The processes run from an empty directory so that no developer .env is read.
    mkdir -p "$WORK/state"
    {
      printf '{"version": 1, "days": {'
      for i in 7 6 5 4 3 2 1; do
        printf '"%s": {"bytes_sent": 4000000000, "bytes_recv": 6000000000, "total": 10000000000, "covered_seconds": 86400}' \
          "$(date -d "-$i day" +%F)"
        ((i > 1)) && printf ', '
      done
      printf '}}\n'
    } >"$WORK/state/network_usage.json"
    # Settings from the caller's environment would leak into the processes: none is inherited.
    hermetic() {
      local v
      for v in $(compgen -e); do
        case "$v" in MONITORING_* | LOGS_DURABLE_WRITES | NETWORK_TREATMENT_ALLOWED_HOUR) unset "$v" ;; esac
      done
    }
    (
      cd "$WORK/run" || exit 1
      hermetic
      export MONITORING_LOG_ROOT="$LOGS" MONITORING_STATE_DIR="$WORK/state" MONITORING_INTERVAL_SEC=1 \
        MONITORING_PROBE_TARGETS="$INSTANCE,127.0.0.1:$CLOSED_PORT" MONITORING_NETWORK_TIMEOUT=1 \
        MONITORING_METRIC_INTERVAL_PING=2 MONITORING_METRIC_INTERVAL_LATENCY=2 \
        MONITORING_PATH_SYSFS="$ROOT/infra/check/fixtures/sys" MONITORING_METRIC_INTERVAL_TEMPERATURE=1 \
        MONITORING_THRESHOLD_CPU_PERCENT_WARNING=0 \
        MONITORING_THRESHOLD_MEMORY_PERCENT_WARNING=0 MONITORING_THRESHOLD_MEMORY_PERCENT_CRITICAL=0.001 \
        MONITORING_TREATMENTS=dry-run MONITORING_SUSTAINED_CRIT_SECONDS=0
      exec java @"$ROOT/collector/jvm.options" -jar "$ROOT/collector/target/collector.jar"
    ) >"$WORK/collector.out" 2>&1 &
    PIDS+=($!)
    (
      cd "$WORK/run" || exit 1
      hermetic
      export MONITORING_LOG_ROOT="$LOGS" MONITORING_EXPORTER_ADDR=127.0.0.1 MONITORING_EXPORTER_PORT="$EXPORTER_PORT"
      exec java @"$ROOT/exporter/jvm.options" -jar "$ROOT/exporter/target/exporter.jar"
    ) >"$WORK/exporter.out" 2>&1 &
    PIDS+=($!)
    # The rules as shipped but for a short `for:` on the two alerts the live parts wait for.
    check "rules copy for the live parts (for: ${ALERT_FOR} on HostThresholdBreach and ProbeTargetDown)" \
      node infra/check/rules-copy.cjs "$ROOT/infra/prometheus/rules" "$WORK/rules" "$ALERT_FOR" HostThresholdBreach ProbeTargetDown
    # Prometheus serves docs/runbooks.md at /user/runbooks.md, as compose makes it, for the alerts' links.
    mkdir -p "$WORK/user"
    cp docs/runbooks.md "$WORK/user/runbooks.md"
    node infra/check/prom-config.cjs "$ROOT" "$INSTANCE" "$PROM_ADDR" "$WORK/prometheus.yml" "$WORK/rules"
    check "generated prometheus config (promtool check config)" promtool check config "$WORK/prometheus.yml"
    prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
      --web.listen-address="$PROM_ADDR" --web.external-url="http://$PROM_ADDR" --web.user-assets="$WORK/user" \
      --log.level=warn >"$WORK/prometheus.out" 2>&1 &
    PIDS+=($!)
    echo "pids: collector ${PIDS[0]}, exporter ${PIDS[1]}, prometheus ${PIDS[2]}; exporter $INSTANCE, prometheus $PROM_ADDR"

    PROM="http://$PROM_ADDR"
    q() { curl -fsS --max-time 5 "$PROM/api/v1/query" --data-urlencode "query=$1" 2>/dev/null; }
    series() { q "$1" | jq -r '.data.result | length' 2>/dev/null || echo 0; }
    wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
      local limit=$1 what=$2
      shift 2
      local t=0
      until "$@"; do
        t=$((t + 1))
        if ((t >= limit)); then
          echo "no $what after ${limit}s"
          return 1
        fi
        sleep 1
      done
    }
    alive() { local p; for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null || return 1; done; }
    up_is_1() { [[ "$(q 'up{job="infra-monitoring"} == 1' | jq -r '.data.result | length' 2>/dev/null)" == 1 ]] && alive; }

    check "feed file written by the collector" wait_for 60 feed bash -c "ls '$LOGS'/json/monitoring-*.jsonl >/dev/null 2>&1"
    check "exporter /health answers 200" wait_for 60 health curl -fsS --max-time 2 -o /dev/null "http://$INSTANCE/health"
    check "exporter /metrics passes promtool check metrics" bash -c "set -o pipefail; curl -fsS --max-time 5 'http://$INSTANCE/metrics' | tee '$WORK/metrics.txt' | promtool check metrics && test -s '$WORK/metrics.txt'"
    check "prometheus ready" wait_for 60 ready curl -fsS --max-time 2 -o /dev/null "$PROM/-/ready"
    check "up{job=\"infra-monitoring\"} == 1" wait_for 60 up up_is_1
    echo "   letting prometheus scrape for ${SCRAPES_BEFORE_QUERIES}s ..."
    sleep "$SCRAPES_BEFORE_QUERIES"
    check "all three processes still running" alive

    # The images' HEALTHCHECK commands, run here against the live processes (the image paths rewritten):
    # each must pass now and fail where it should (exporter: a closed port; collector: no fresh feed).
    exporter_hc() { # the exec-form CMD array of Dockerfile.exporter's HEALTHCHECK, run with the given port
      local port=$1
      node -e '
        const t = require("fs").readFileSync("Dockerfile.exporter", "utf8");
        const m = t.match(/^HEALTHCHECK[^\n]*\\\n\s*CMD (\[.*\])$/m);
        if (!m) { console.error("no exec-form HEALTHCHECK CMD in Dockerfile.exporter"); process.exit(2); }
        const argv = JSON.parse(m[1]);
        const r = require("child_process").spawnSync(argv[0], argv.slice(1), { stdio: "inherit", timeout: 5000,
          env: { ...process.env, MONITORING_EXPORTER_PORT: process.argv[1] } });
        process.exit(r.status === null ? 1 : r.status);' "$port"
    }
    collector_hc() { # Dockerfile.collector's shell-form HEALTHCHECK with /logs replaced by the given root
      local root=$1 cmd
      cmd=$(awk '/^HEALTHCHECK/{getline; sub(/^ *CMD /, ""); print}' Dockerfile.collector)
      [[ -n "$cmd" ]] || { echo "no HEALTHCHECK CMD in Dockerfile.collector"; return 2; }
      sh -c "${cmd//\/logs/$root}"
    }
    healthchecks() {
      local bad=0
      expect() { # expect passes|fails DESCRIPTION COMMAND...
        local want=$1 what=$2 got=fails
        shift 2
        if "$@" >/dev/null 2>&1; then got=passes; fi
        echo "$what: $got (expected: $want)"
        [[ "$got" == "$want" ]] || bad=1
      }
      expect passes "exporter healthcheck on the live exporter" exporter_hc "$EXPORTER_PORT"
      expect fails "exporter healthcheck on a closed port" exporter_hc 1
      expect passes "collector healthcheck on the live feed" collector_hc "$LOGS"
      mkdir -p "$WORK/emptylogs/json"
      expect fails "collector healthcheck without a feed" collector_hc "$WORK/emptylogs"
      return $bad
    }
    check "the images' HEALTHCHECK commands pass on the live processes and fail without them" healthchecks

    main_series() {
      local bad=0 s
      for s in \
        "up{job=\"infra-monitoring\",instance=\"$INSTANCE\"} == 1" \
        'monitoring_cpu_percent' 'monitoring_memory_percent' 'monitoring_memory_total_bytes' \
        'monitoring_disk_percent{mountpoint="/"}' 'monitoring_load1' \
        'monitoring_network_receive_bytes_total' 'monitoring_network_receive_bytes_per_second' \
        "monitoring_tcp_connect_seconds{target=\"$INSTANCE\"}" "monitoring_ping_rtt_seconds{target=\"$INSTANCE\"}" \
        'monitoring_state{monitoring_state="CRITICAL"} == 1' 'monitoring_alert{metric="memory_percent",level="CRITICAL"} == 1' \
        'monitoring_alert{metric="cpu_percent"} == 1' 'monitoring_temperature_celsius == 47' \
        'monitoring_last_sample_timestamp_seconds > time() - 30' 'monitoring_exporter_record_available == 1' \
        'monitoring_exporter_record_age_seconds < 30' 'monitoring_collector_source_success' \
        'process_resident_memory_bytes{job="infra-monitoring"}' 'monitoring_net_learned_limit_bytes == 12000000000' \
        'monitoring_net_today_bytes' 'monitoring_critical_since_timestamp_seconds{metric="memory_percent"}' \
        "monitoring_probe_success{target=\"$INSTANCE\"} == 1" "monitoring_probe_success{target=\"127.0.0.1:$CLOSED_PORT\"} == 0" \
        'monitoring_host_info{host!=""}' 'monitoring_alert_value{metric="memory_percent",level="CRITICAL"}' \
        'monitoring_exporter_record_status{monitoring_exporter_record_status="ok"} == 1'; do
        if [[ "$(series "$s")" -ge 1 ]]; then echo "ok    $s"; else echo "EMPTY $s"; bad=1; fi
      done
      return $bad
    }
    check "main series present (up, cpu, memory, disk, network, probes up and down, state, alert, host, record age)" main_series
    # A closed loopback port is a value (0), and ProbeTargetDown fires for it, naming the host, with a runbook
    # link that Prometheus itself serves.
    probe_down_fires() {
      curl -fsS --max-time 5 "$PROM/api/v1/alerts" >"$WORK/alerts.json" 2>/dev/null || return 1
      jq -e --arg t "127.0.0.1:$CLOSED_PORT" \
        '[.data.alerts[] | select(.labels.alertname == "ProbeTargetDown" and .labels.target == $t and .state == "firing" and (.labels.host // "") != "")] | length == 1' \
        "$WORK/alerts.json" >/dev/null
    }
    check "ProbeTargetDown fires for the closed port 127.0.0.1:$CLOSED_PORT (monitoring_probe_success 0), with the host" \
      wait_for 60 "firing ProbeTargetDown" probe_down_fires
    probe_runbook() {
      local url
      url=$(jq -r --arg t "127.0.0.1:$CLOSED_PORT" '.data.alerts[] | select(.labels.alertname == "ProbeTargetDown" and .labels.target == $t) | .annotations.runbook_url' "$WORK/alerts.json")
      echo "runbook_url: $url"
      curl -fsS --max-time 5 -o "$WORK/runbook-probe.md" "$url" && node infra/check/runbooks.cjs link "$url" "$WORK/runbook-probe.md"
    }
    check "ProbeTargetDown's runbook link answers with its section (Prometheus /user/runbooks.md)" probe_runbook
    check "every dashboard panel query and alert expression (infra/check/queries.cjs)" \
      node infra/check/queries.cjs "$ROOT" "$PROM" "$INSTANCE" "$WORK/metrics.txt"
    # queries.cjs's own lines, also when it passed: what ran, what was empty and allowed.
    grep -hE '^(FAIL|PASS .*allowed|queries:|allow-list|  )' "$WORK/check-$n.log" | sed 's/^/    /'
    # node_exporter on the same host, with the collector's paths (/proc and / the real ones, /sys the committed
    # tree), against the exporter: what is stable between two reads must be equal (node-exporter-live.cjs).
    NODE_EXPORTER=$(command -v prometheus-node-exporter || echo /usr/bin/prometheus-node-exporter)
    if [[ -x "$NODE_EXPORTER" ]]; then
      "$NODE_EXPORTER" --web.listen-address="127.0.0.1:$NE_PORT" --path.sysfs="$ROOT/infra/check/fixtures/sys" \
        --log.level=warn >"$WORK/node-exporter.out" 2>&1 &
      PIDS+=($!)
      node_exporter_live() {
        wait_for 30 "node_exporter" curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:$NE_PORT/metrics" || return 1
        curl -fsS --max-time 5 -o "$WORK/ours-live.txt" "http://$INSTANCE/metrics" &&
          curl -fsS --max-time 5 -o "$WORK/node-exporter-live.txt" "http://127.0.0.1:$NE_PORT/metrics" &&
          node infra/check/node-exporter-live.cjs "$WORK/ours-live.txt" "$WORK/node-exporter-live.txt"
      }
      check "the exporter's stable host values equal node_exporter's on this host (node-exporter-live.cjs)" node_exporter_live
      grep -hE '^(FAIL|PASS)' "$WORK/check-$n.log" | sed 's/^/    /'
    else
      check "prometheus-node-exporter installed (.ci/install-deps) for the live comparison" false
    fi
    stop_all
    if ((FAILED)); then
      for f in collector exporter prometheus; do
        echo "--- $f output (tail)"
        tail -n 15 "$WORK/$f.out" | sed 's/^/    /'
      done
    fi

    # --- e2e: one breach, one message ---------------------------------------------------------------------
    echo "== e2e: a memory breach through prometheus and alertmanager to a loopback Discord"
    E2E_START=$SECONDS
    FAILED_BEFORE_E2E=$FAILED
    LOGS2="$WORK/logs2"
    mkdir -p "$LOGS2" "$WORK/state2"
    INSTANCE2="127.0.0.1:$EXPORTER2_PORT"
    PROM2="http://127.0.0.1:$PROM2_PORT"
    AM="http://127.0.0.1:$AM_PORT"
    HOOK_LOG="$WORK/discord.jsonl"
    : >"$HOOK_LOG"
    # stop_pid PID: stops one process of PIDS and forgets it.
    stop_pid() {
      local pid=$1 keep=() p
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      for p in "${PIDS[@]}"; do [[ "$p" == "$pid" ]] || keep+=("$p"); done
      PIDS=("${keep[@]}")
    }
    # start_collector2 [NAME=VALUE...]: a collector on fixed host files, so that the settings alone decide
    # whether there is a breach: /proc is a committed tree (infra/check/fixtures/proc: memory 2.5 % used, a
    # /proc/stat that never moves, so cpu_percent is null; a shared 2-core machine would otherwise reach 100 %
    # CPU while JVMs start), /sys the 47 °C one; no probe targets, no learned traffic limit. Disk usage is the
    # real root file system's, so its thresholds are set out of reach; every other one is the default.
    start_collector2() {
      (
        cd "$WORK/run" || exit 1
        hermetic
        export MONITORING_LOG_ROOT="$LOGS2" MONITORING_STATE_DIR="$WORK/state2" MONITORING_INTERVAL_SEC=1 \
          MONITORING_HOST="$E2E_HOST" MONITORING_PATH_PROCFS="$ROOT/infra/check/fixtures/proc" \
          MONITORING_PATH_SYSFS="$ROOT/infra/check/fixtures/sys" \
          MONITORING_THRESHOLD_DISK_PERCENT_WARNING=99.98 MONITORING_THRESHOLD_DISK_PERCENT_CRITICAL=99.99
        local kv
        for kv in "$@"; do export "${kv?}"; done
        exec java @"$ROOT/collector/jvm.options" -jar "$ROOT/collector/target/collector.jar"
      ) >>"$WORK/collector2.out" 2>&1 &
      COLLECTOR2=$!
      PIDS+=("$COLLECTOR2")
    }
    node infra/check/fake-discord.cjs "$HOOK_PORT" "$HOOK_LOG" >"$WORK/discord.out" 2>&1 &
    PIDS+=($!)
    check "alertmanager config: the shipped one, webhook inline, short group waits (am-config.cjs)" \
      node infra/check/am-config.cjs infra/alertmanager/alertmanager.yml "$WORK/alertmanager-e2e.yml" \
      "http://127.0.0.1:$HOOK_PORT/api/webhooks/0/stack-check"
    check "amtool check-config of it" amtool check-config "$WORK/alertmanager-e2e.yml"
    prometheus-alertmanager --config.file="$WORK/alertmanager-e2e.yml" --storage.path="$WORK/am" \
      --web.listen-address="127.0.0.1:$AM_PORT" --cluster.listen-address= --web.external-url="$AM" \
      --log.level=warn >"$WORK/alertmanager.out" 2>&1 &
    PIDS+=($!)
    (
      cd "$WORK/run" || exit 1
      hermetic
      export MONITORING_LOG_ROOT="$LOGS2" MONITORING_EXPORTER_ADDR=127.0.0.1 MONITORING_EXPORTER_PORT="$EXPORTER2_PORT"
      exec java @"$ROOT/exporter/jvm.options" -jar "$ROOT/exporter/target/exporter.jar"
    ) >"$WORK/exporter2.out" 2>&1 &
    PIDS+=($!)
    node infra/check/prom-config.cjs "$ROOT" "$INSTANCE2" "127.0.0.1:$PROM2_PORT" "$WORK/prometheus-e2e.yml" \
      "$WORK/rules" "127.0.0.1:$AM_PORT"
    check "generated prometheus config with alerting (promtool check config)" promtool check config "$WORK/prometheus-e2e.yml"
    prometheus --config.file="$WORK/prometheus-e2e.yml" --storage.tsdb.path="$WORK/tsdb2" \
      --web.listen-address="127.0.0.1:$PROM2_PORT" --web.external-url="$PROM2" --web.user-assets="$WORK/user" \
      --log.level=warn >"$WORK/prometheus2.out" 2>&1 &
    PIDS+=($!)
    check "alertmanager ready" wait_for 60 "alertmanager" curl -fsS --max-time 2 -o /dev/null "$AM/-/ready"
    check "prometheus (e2e) ready" wait_for 60 "prometheus" curl -fsS --max-time 2 -o /dev/null "$PROM2/-/ready"
    # The breach: memory (2.5 %) over a critical threshold of 0.001 %, from the collector's first record.
    start_collector2 MONITORING_THRESHOLD_MEMORY_PERCENT_WARNING=0 MONITORING_THRESHOLD_MEMORY_PERCENT_CRITICAL=0.001
    notes() { # notes STATUS: the messages received with that status (the title starts with it)
      jq -c --arg s "$1" 'select((.body.embeds[0].title // "") | startswith($s))' "$HOOK_LOG" 2>/dev/null
    }
    has_note() { [[ -n "$(notes "$1")" ]]; }
    first_record_at() { # first_record_at JQ-FILTER: sample time of the first record of LOGS2 that matches
      cat "$LOGS2"/json/monitoring-*.jsonl 2>/dev/null | jq -r "select($1) | .metrics.timestamp" 2>/dev/null | head -n 1
    }
    check "a firing message reaches the loopback Discord" wait_for 120 "firing message" has_note FIRING
    breach_at=$(first_record_at '[.alerts[]? | select(.name == "memory_percent" and .level == "CRITICAL")] | length > 0')
    fired_at=$(notes FIRING | head -n 1 | jq -r .at)
    firing_message() {
      local note title text url
      note=$(notes FIRING | head -n 1)
      title=$(jq -r '.body.embeds[0].title' <<<"$note")
      text=$(jq -r '.body.embeds[0].description' <<<"$note")
      printf 'title: %s\n%s\n' "$title" "$text"
      [[ "$title" == *"$E2E_HOST"* && "$text" == *"$E2E_HOST"* ]] || { echo "the host name $E2E_HOST is missing"; return 1; }
      [[ "$text" == *"**CRITICAL** memory_percent at "* ]] || { echo "no critical memory_percent line"; return 1; }
      [[ "$text" != *"**WARNING**"* ]] || { echo "the warning was not inhibited by the critical"; return 1; }
      url=$(grep -oE 'Runbook: [^ ]+' <<<"$text" | head -n 1 | cut -d' ' -f2)
      [[ -n "$url" ]] || { echo "no runbook link"; return 1; }
      curl -fsS --max-time 5 -o "$WORK/runbook-e2e.md" "$url" && node infra/check/runbooks.cjs link "$url" "$WORK/runbook-e2e.md"
    }
    check "the firing message names $E2E_HOST, is the critical alone, and its runbook link works" firing_message
    inhibited() {
      curl -fsS --max-time 5 "$AM/api/v2/alerts?inhibited=true" |
        jq -e '[.[] | select(.labels.alertname == "HostThresholdBreach" and .labels.metric == "memory_percent")]
          | (map(select(.labels.severity == "critical" and .status.state == "active")) | length == 1)
            and (map(select(.labels.severity == "warning" and .status.state == "suppressed" and (.status.inhibitedBy | length) > 0)) | length == 1)'
    }
    check "alertmanager holds the warning of the same breach, inhibited by the critical" inhibited
    # The breach ends: the collector restarts with its default thresholds (75/90 %; a gap of a second or two,
    # far below the exporter's staleness limit, so no stale-feed alert).
    stop_pid "$COLLECTOR2"
    start_collector2
    check "a resolved message reaches the loopback Discord" wait_for 120 "resolved message" has_note RESOLVED
    ended_at=$(first_record_at '.metrics.timestamp > '"${breach_at:-0}"' and ([.alerts[]? | select(.name == "memory_percent")] | length == 0)')
    resolved_at=$(notes RESOLVED | head -n 1 | jq -r .at)
    resolved_message() {
      local note text
      note=$(notes RESOLVED | head -n 1)
      text=$(jq -r '.body.embeds[0].description' <<<"$note")
      printf 'title: %s\n%s\n' "$(jq -r '.body.embeds[0].title' <<<"$note")" "$text"
      [[ "$text" == *"**RESOLVED** memory_percent at "*"$E2E_HOST"* ]] && [[ "$text" == *"Runbook: "* ]]
    }
    check "the resolved message names $E2E_HOST and the metric, with the runbook link" resolved_message
    sleep 8 # two more group intervals: anything sent twice, or sent for something else, shows up
    exactly_two() {
      local n firing resolved bad
      n=$(wc -l <"$HOOK_LOG")
      firing=$(notes FIRING | wc -l)
      resolved=$(notes RESOLVED | wc -l)
      bad=$(jq -c 'select(.problems | length > 0) | .problems' "$HOOK_LOG")
      echo "messages: $n ($firing firing, $resolved resolved); over Discord's limits: ${bad:-none}"
      jq -r '.body.embeds[0].title' "$HOOK_LOG" | sed 's/^/  /'
      ((n == 2 && firing == 1 && resolved == 1)) && [[ -z "$bad" ]]
    }
    check "exactly one firing and one resolved message, within Discord's limits" exactly_two
    if [[ -n "$breach_at" && -n "$fired_at" && -n "$ended_at" && -n "$resolved_at" ]]; then
      note "e2e: breach (first CRITICAL record) to the firing message $(jq -n "$fired_at - $breach_at | . * 10 | round / 10")s, end of the breach (first record without it) to the resolved message $(jq -n "$resolved_at - $ended_at | . * 10 | round / 10")s (rule copy for: $ALERT_FOR, 1 s scrapes and evaluation, group_wait 1s, group_interval 5s)"
    fi
    stop_all
    note "time: live part $((E2E_START - LIVE_START)) s, e2e part $((SECONDS - E2E_START)) s"
    if ((FAILED > FAILED_BEFORE_E2E)); then
      for f in collector2 exporter2 prometheus2 alertmanager discord; do
        echo "--- $f output (tail)"
        tail -n 15 "$WORK/$f.out" | sed 's/^/    /'
      done
    fi
  fi
fi

# --- summary ----------------------------------------------------------------------------------------
echo
echo "== stack check summary"
printf '%s\n' "${RESULTS[@]}"
total_pass=$(printf '%s\n' "${RESULTS[@]}" | grep -c '^PASS' || true)
echo "stack-check: ${total_pass} passed, ${FAILED} failed"
((FAILED == 0))
