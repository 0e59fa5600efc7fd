#!/usr/bin/env bash
# The container check (run by .ci/run after the stack check): builds both images from the unmodified
# Dockerfiles with podman and runs the collector and exporter services of the real docker-compose.yml
# through Debian's docker-compose on podman's API socket, then asserts what the images promise:
#   records in the logs volume; the host view (memory total, disk total of /, interface names equal the
#   host's); uid 10001; a read-only root; capabilities (NET_RAW alone in the collector's bounding set and
#   ICMP working, none at all in the exporter); the collector's class-data archive mapped; both
#   HEALTHCHECKs pass; /metrics through the published port passes `promtool check metrics`; Debian's
#   prometheus on the host scrapes the exporter (up == 1); then the secured mode: the exporter recreated with
#   docker-compose.secure.yml and the files of scripts/exporter-secrets.sh as compose secrets (TLS and basic
#   auth from node_exporter's web config file), its HEALTHCHECK passing over HTTPS, an HTTPS scrape through the
#   published port with the CA and the password answering 200 (lint-clean), without credentials or with a
#   wrong password 401, in plain HTTP nothing, /health open with the status alone, Debian's prometheus scraping
#   it as prometheus.secure.yml does (https, CA, basic auth: up == 1); the collector stopped, the secured
#   exporter's healthcheck fails once the record is older than the staleness limit, and not before;
#   `docker-compose down -v` leaves no container or volume.
# The third-party images (eclipse-temurin, Prometheus, Grafana, Loki, Alloy) cannot be pulled here: the
# Dockerfiles' FROM images are stood in for by images built from Debian's openjdk-17 packages (mmdebstrap
# + podman import), passed with `podman build --build-context '<exact FROM reference>=container-image://...'`,
# so the Dockerfiles build as written. Stand-ins are cached (podman save/load) in $CACHE between runs.
# podman is configured by files in the work directory only (CONTAINERS_CONF, CONTAINERS_STORAGE_CONF,
# CONTAINERS_REGISTRIES_CONF): its own storage, network and run directories, removed on exit.
# Everything it starts is stopped by PID on exit, also on failure. docs/containers.md has the details.
# Needs root (rootful podman) and namespaces. Options: --keep (keep the work directory and podman's storage),
# --fresh (rebuild the stand-in images, ignoring the cache). SKIP_CONTAINER_CHECK=1 skips it (for machines
# that cannot create namespaces or run podman).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)

KEEP=false
FRESH=false
for a in "$@"; do
  case "$a" in
    --keep) KEEP=true ;;
    --fresh) FRESH=true ;;
    *) echo "usage: $0 [--keep] [--fresh]   (SKIP_CONTAINER_CHECK=1 skips)" >&2; exit 2 ;;
  esac
done
if [[ "${SKIP_CONTAINER_CHECK:-0}" == 1 ]]; then
  echo "container-check: skipped (SKIP_CONTAINER_CHECK=1)"
  exit 0
fi
# Rootful podman: as another user, again through sudo when it needs no password (as .ci/install-deps).
if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  exec sudo -n -E bash "$ROOT/scripts/container-check.sh" "$@"
fi

CACHE=${CONTAINER_CHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/infra-monitoring/container-check}
PROJECT=imcheck                      # compose project: containers imcheck_<service>_1, volume imcheck_logs
STANDIN_JRE=localhost/infra-monitoring-standin-jre:17
STANDIN_JDK=localhost/infra-monitoring-standin-jdk:17
COLLECTOR_IMAGE=infra-monitoring-collector:local   # compose's default names (IMAGE_PREFIX, IMAGE_TAG unset)
EXPORTER_IMAGE=infra-monitoring-exporter:local
STALE_AFTER=30                       # the exporter's default MONITORING_STALE_AFTER_SEC (3 x interval, at least 30 s)
EXPORTER_URL=                        # the exporter through its published port, http or (secured mode) https
EXPORTER_CURL=()                     # curl's options for it (the CA in the secured mode)

WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/container-check.XXXXXX")
LOG=$WORK/log
mkdir -p "$LOG"
PIDS=()
BUILD_ULIMITS=()
RESULTS=()
TIMINGS=()
FAILED=0
STORAGE_OURS=false                   # set once podman is proven to use the storage under $WORK
COMPOSE_UP=false
# Machine-wide state that netavark changes (forwarding, firewall chains), restored on exit when this run
# made the change.
IP_FORWARD_BEFORE=$(cat /proc/sys/net/ipv4/ip_forward 2>/dev/null || echo "")
NETAVARK_BEFORE=$( (iptables -t nat -S; iptables -t filter -S) 2>/dev/null | grep -c NETAVARK)
LINKS_BEFORE=$(ls /sys/class/net 2>/dev/null)
T_START=$SECONDS

# --- bookkeeping --------------------------------------------------------------------------------------
n=0
# check NAME COMMAND...: runs the command; PASS, or FAIL with one line of reason (the command's first line
# starting with "FAIL: ", else its last line) and the output's tail indented.
check() {
  local name=$1
  shift
  n=$((n + 1))
  local out="$LOG/check-$n.log"
  if "$@" >"$out" 2>&1; then
    RESULTS+=("PASS $name")
    echo "PASS $name"
    return 0
  fi
  local reason
  reason=$(sed -n 's/^FAIL: //p' "$out" | head -n 1)
  [[ -n "$reason" ]] || reason=$(grep -v '^[[:space:]]*$' "$out" | tail -n 1)
  RESULTS+=("FAIL $name: ${reason:-exit status non-zero}")
  FAILED=$((FAILED + 1))
  echo "FAIL $name: ${reason:-exit status non-zero}"
  grep -v '^[[:space:]]*$' "$out" | tail -n 16 | head -n 15 | sed 's/^/    /'
  return 1
}
skip_rest() {
  RESULTS+=("SKIP $* (an earlier step failed)")
  echo "SKIP $* (an earlier step failed)"
}
# timed NAME COMMAND...: runs check and records how long it took.
timed() {
  local name=$1 t=$SECONDS c rc
  cpu_now
  c=$CPU_NOW
  check "$@"
  rc=$?
  cpu_now
  TIMINGS+=("$(printf '%4ds %5ss  %s' $((SECONDS - t)) "$(awk -v a="$c" -v b="$CPU_NOW" 'BEGIN {printf "%.0f", b - a}')" "$name")")
  return $rc
}
# CPU_NOW: CPU seconds (user + system) of the commands this script has waited for so far (`times`, its second
# line; run in this shell, not in a subshell). On a shared machine the wall-clock times mostly measure the
# other load; these do not.
CPU_NOW=0
cpu_now() {
  times >"$LOG/times"
  CPU_NOW=$(tail -n 1 "$LOG/times" | awk '{
    s = 0
    for (i = 1; i <= 2; i++) { split($i, p, "m"); sub(/s$/, "", p[2]); s += p[1] * 60 + p[2] }
    printf "%.1f", s }')
}

stop_pid() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
remove_netavark_chains() {
  local table chain num chains
  for table in nat filter; do
    # Jumps from the built-in chains, by rule number from the last one (numbers shift on delete).
    for chain in PREROUTING INPUT OUTPUT POSTROUTING FORWARD; do
      for num in $(iptables -t "$table" -L "$chain" -n --line-numbers 2>/dev/null | awk '$2 ~ /^NETAVARK/ {print $1}' | sort -rn); do
        iptables -t "$table" -D "$chain" "$num"
      done
    done
    chains=$(iptables -t "$table" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^NETAVARK/ {print $2}')
    for chain in $chains; do iptables -t "$table" -F "$chain"; done
    for chain in $chains; do iptables -t "$table" -X "$chain"; done
  done
}
cleanup() {
  local rc=$? pid m link
  trap - EXIT INT TERM
  if $COMPOSE_UP; then
    compose down -v --timeout 5 >>"$LOG/cleanup.log" 2>&1 || true
  fi
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  if $STORAGE_OURS; then
    # Whatever compose left (a failed run): containers, volumes, networks, all in our own storage.
    podman rm -af -t 2 >>"$LOG/cleanup.log" 2>&1 || true
    podman volume rm -af >>"$LOG/cleanup.log" 2>&1 || true
    podman network prune -f >>"$LOG/cleanup.log" 2>&1 || true
    if ! $KEEP; then podman system reset -f >>"$LOG/cleanup.log" 2>&1 || true; fi
  fi
  # Mounts under the work directory (overlays of an interrupted build).
  while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done < <(findmnt -rn -o TARGET 2>/dev/null | grep -F "$WORK/" | sort -r)
  # Bridges netavark made for our networks and left behind (only interfaces that did not exist before).
  for link in /sys/class/net/podman*; do
    [[ -e "$link" ]] || continue
    link=${link##*/}
    grep -qx "$link" <<<"$LINKS_BEFORE" && continue
    ip link delete "$link" >>"$LOG/cleanup.log" 2>&1 || true
  done
  # netavark turns on forwarding and leaves its NETAVARK* chains when its last network goes: undo both if
  # this run made them and no other netavark network (a per-network chain) is still there.
  if ((NETAVARK_BEFORE == 0)) && ! (iptables -t nat -S; iptables -t filter -S) 2>/dev/null | grep -qE '^-N NETAVARK-[0-9A-F]{10,}'; then
    remove_netavark_chains >>"$LOG/cleanup.log" 2>&1
    if [[ -n "$IP_FORWARD_BEFORE" && "$(cat /proc/sys/net/ipv4/ip_forward)" != "$IP_FORWARD_BEFORE" ]]; then
      echo "$IP_FORWARD_BEFORE" >/proc/sys/net/ipv4/ip_forward 2>/dev/null || true
    fi
  fi
  if $KEEP; then
    echo "work directory kept: $WORK (podman's storage inside it: remove with"
    echo "  CONTAINERS_CONF=$WORK/conf/containers.conf CONTAINERS_STORAGE_CONF=$WORK/conf/storage.conf podman system reset -f)"
  elif ((FAILED)) || ((rc)); then
    find "$WORK" -mindepth 1 -maxdepth 1 ! -name log -exec rm -rf {} + 2>/dev/null
    echo "logs kept: $LOG"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- preconditions and tools --------------------------------------------------------------------------
preconditions() {
  if [[ $(id -u) -ne 0 ]]; then
    echo "needs root (rootful podman); run as root or set SKIP_CONTAINER_CHECK=1 to skip"
    return 1
  fi
  if ! unshare --mount --pid --net --uts --ipc --fork true 2>"$LOG/unshare.err"; then
    echo "this machine cannot create namespaces ($(head -c 200 "$LOG/unshare.err")): set SKIP_CONTAINER_CHECK=1 to skip"
    return 1
  fi
}
install_tools() {
  local need=()
  command -v podman >/dev/null || need+=(podman)
  command -v runc >/dev/null || need+=(runc)
  [[ -x /usr/lib/podman/netavark ]] || need+=(netavark)
  [[ -x /usr/lib/podman/aardvark-dns ]] || need+=(aardvark-dns)
  command -v iptables >/dev/null || need+=(iptables)
  command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
  [[ -x /usr/bin/eatmydata ]] || need+=(eatmydata)
  command -v docker-compose >/dev/null || need+=(docker-compose)
  command -v prometheus >/dev/null && command -v promtool >/dev/null || need+=(prometheus)
  command -v curl >/dev/null || need+=(curl)
  command -v jq >/dev/null || need+=(jq)
  command -v openssl >/dev/null || need+=(openssl)
  command -v htpasswd >/dev/null || need+=(apache2-utils)
  ((${#need[@]})) || { echo "all present"; return 0; }
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}"
}

# podman's configuration for this run only: its own storage, run, network and event files under $WORK.
write_podman_conf() {
  local nofile nproc
  nofile=$(ulimit -Hn)
  nproc=$(ulimit -Hu)
  # podman lowers its own nproc hard limit to pid_max, and a container cannot get more than podman has.
  local pid_max
  pid_max=$(cat /proc/sys/kernel/pid_max)
  [[ "$nproc" == unlimited ]] || ((nproc > pid_max)) && nproc=$pid_max
  [[ "$nofile" == unlimited ]] && nofile=1048576
  BUILD_ULIMITS=(--ulimit "nofile=$nofile:$nofile" --ulimit "nproc=$nproc:$nproc") # podman build ignores default_ulimits
  mkdir -p "$WORK/conf" "$WORK/podman/networks"
  # runc: Debian's crun refuses hybrid cgroups; cgroupfs and a file event log: no systemd here.
  # default_ulimits within the machine's hard limits (podman's defaults exceed them, and raising a hard
  # limit needs CAP_SYS_RESOURCE, which these machines do not give root; runc fails with "error setting
  # rlimit type 6: operation not permitted").
  cat >"$WORK/conf/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$WORK/podman/events.log"
tmp_dir = "$WORK/podman/tmp"

[network]
network_backend = "netavark"
network_config_dir = "$WORK/podman/networks"
EOF
  cat >"$WORK/conf/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$WORK/podman/storage"
runroot = "$WORK/podman/run"
EOF
  # Nothing is pulled: an image name that is not local fails at once instead of reaching out.
  cat >"$WORK/conf/registries.conf" <<'EOF'
unqualified-search-registries = []
short-name-mode = "permissive"

[[registry]]
location = "docker.io"
blocked = true
EOF
  export CONTAINERS_CONF="$WORK/conf/containers.conf"
  export CONTAINERS_STORAGE_CONF="$WORK/conf/storage.conf"
  export CONTAINERS_REGISTRIES_CONF="$WORK/conf/registries.conf"
  local graph
  graph=$(podman info --format '{{.Store.GraphRoot}}') || { echo "podman info failed"; return 1; }
  if [[ "$graph" != "$WORK/podman/storage" ]]; then
    echo "podman ignored the check's storage.conf (graph root $graph): refusing to touch the machine's storage"
    return 1
  fi
  STORAGE_OURS=true
  podman info --format 'podman {{.Version.Version}}, runtime {{.Host.OCIRuntime.Name}}, cgroups {{.Host.CgroupsVersion}} ({{.Host.CgroupManager}}), network {{.Host.NetworkBackend}}'
}

# --- stand-in base images -----------------------------------------------------------------------------
CODENAME=$(awk -F= '$1 == "VERSION_CODENAME" {print $2}' /etc/os-release)
ARCH=$(dpkg --print-architecture)
# The mirror this machine's apt uses (mmdebstrap's default otherwise).
MIRROR=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null)
[[ -n "$MIRROR" ]] || MIRROR=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null)

# The JRE stand-in is made in one pass by mmdebstrap (debootstrap's successor: apt's resolver and downloads,
# dpkg under eatmydata; measured here, base + JRE for the CPU time debootstrap spent on the base alone) and
# streamed into `podman import`. Like the temurin images it has the JRE under /opt/java/openjdk (JAVA_HOME,
# first on PATH), a default CDS archive (java -Xshare:dump) and curl; like Ubuntu's base image it cleans
# apt's caches after every install. The machine's own CA certificates (/usr/local/share/ca-certificates) go in
# before ca-certificates is configured, so that the system bundle and Java's cacerts both hold them: the
# build stage's curl (mvnw) and Maven must trust what this machine's egress presents.
STANDIN_PACKAGES='ca-certificates,curl,openjdk-17-jre-headless'
# shellcheck disable=SC2089 # apt.conf text, written to a file as it is
APT_CLEAN='DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";'
# mmdebstrap runs the hooks with sh, the chroot directory as $1.
# shellcheck disable=SC2016
SETUP_HOOK='mkdir -p "$1/usr/local/share/ca-certificates" "$1/usr/share/man/man1" && for c in /usr/local/share/ca-certificates/*.crt; do [ ! -e "$c" ] || cp "$c" "$1/usr/local/share/ca-certificates/"; done'
# shellcheck disable=SC2016
CUSTOMIZE_HOOK='mkdir -p "$1/opt/java" && ln -s "/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)" "$1/opt/java/openjdk" && { [ -f "$1/opt/java/openjdk/lib/server/classes.jsa" ] || chroot "$1" /opt/java/openjdk/bin/java -Xshare:dump >/dev/null; } && rm -f "$1"/var/cache/apt/*.bin'
# Documentation and translations stay out, as in Ubuntu's minimized base image (the exclusions stay in
# the image's dpkg configuration, so they hold for the Dockerfiles' own apt-get installs too). An empty
# /usr/share/man/man1 must exist (setup hook): the JRE's update-alternatives links its man page there.
STANDIN_DPKG=(--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*'
  --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/info/*'
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/lintian/*')
STANDIN_ENV=(--change 'ENV JAVA_HOME=/opt/java/openjdk'
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  --change 'ENV LANG=C.UTF-8' --change 'CMD ["bash"]')
standin_jdk_file() {
  cat <<EOF
FROM $STANDIN_JRE
RUN apt-get update \\
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless \\
 && rm -rf /var/lib/apt/lists/*
EOF
}
local_cas() { find /usr/local/share/ca-certificates -maxdepth 1 -name '*.crt' 2>/dev/null | sort; }
standin_key() {
  {
    echo "v3 $CODENAME $ARCH $MIRROR $STANDIN_PACKAGES"
    echo "$APT_CLEAN $SETUP_HOOK $CUSTOMIZE_HOOK ${STANDIN_ENV[*]} ${STANDIN_DPKG[*]} rm-bin"
    standin_jdk_file
    local_cas | xargs -r cat
  } | sha256sum | cut -c1-16
}
standins() {
  local key tar t=$SECONDS rc
  key=$(standin_key)
  tar="$CACHE/standins-$key.tar"
  if ! $FRESH && [[ -s "$tar" ]]; then
    if podman load -q -i "$tar" >/dev/null; then
      echo "loaded from $tar"
      STANDINS_FROM="cache"
      return 0
    fi
    echo "cache $tar unreadable: rebuilding"
  fi
  STANDINS_FROM="built"
  echo "mmdebstrap --variant=minbase --include=$STANDIN_PACKAGES $CODENAME ${MIRROR:-(default mirror)} | podman import"
  mkdir -p "$WORK/standin"
  printf '%s\n' "$APT_CLEAN" >"$WORK/standin/docker-clean"
  mmdebstrap --variant=minbase --include="$STANDIN_PACKAGES" --aptopt='APT::Install-Recommends "false"' \
    "${STANDIN_DPKG[@]}" --hook-dir=/usr/share/mmdebstrap/hooks/eatmydata \
    --setup-hook="$SETUP_HOOK" --customize-hook="$CUSTOMIZE_HOOK" \
    --customize-hook="upload $WORK/standin/docker-clean /etc/apt/apt.conf.d/docker-clean" \
    "$CODENAME" - ${MIRROR:+"$MIRROR"} \
    2>"$LOG/mmdebstrap.log" | podman import "${STANDIN_ENV[@]}" - "$STANDIN_JRE" >/dev/null
  rc="${PIPESTATUS[*]}"
  if [[ "$rc" != "0 0" ]]; then
    tail -n 8 "$LOG/mmdebstrap.log"
    echo "the stand-in JRE image failed (exit status of mmdebstrap and podman import: $rc; log $LOG/mmdebstrap.log)"
    return 1
  fi
  TIMINGS+=("$(printf '%4ds         stand-ins: JRE image (mmdebstrap minbase + openjdk-17-jre-headless, podman import)' $((SECONDS - t)))")
  t=$SECONDS
  mkdir -p "$WORK/standin"
  standin_jdk_file >"$WORK/standin/Containerfile.jdk"
  podman build -q "${BUILD_ULIMITS[@]}" -f "$WORK/standin/Containerfile.jdk" -t "$STANDIN_JDK" "$WORK/standin" \
    || { echo "the stand-in JDK image failed to build"; return 1; }
  TIMINGS+=("$(printf '%4ds         stand-ins: JDK image (openjdk-17-jdk-headless on the JRE stand-in)' $((SECONDS - t)))")
  t=$SECONDS
  mkdir -p "$CACHE"
  rm -f "$CACHE"/standins-*.tar "$CACHE"/base-*.tar
  podman save -q -m --format docker-archive -o "$tar.part" "$STANDIN_JRE" "$STANDIN_JDK" \
    && mv "$tar.part" "$tar" && echo "saved to $tar ($(du -m "$tar" | cut -f1) MiB)"
  TIMINGS+=("$(printf '%4ds         stand-ins: podman save into the cache' $((SECONDS - t)))")
}

# --- the images ---------------------------------------------------------------------------------------
# build_image DOCKERFILE TAG: the Dockerfile as it is, each FROM reference mapped to its stand-in.
build_image() {
  local df=$1 tag=$2 ref contexts=() last
  while read -r ref; do
    case "$ref" in
      *-jdk@* | *-jdk-*@* | *-jdk) contexts+=(--build-context "$ref=container-image://$STANDIN_JDK") ;;
      *-jre@* | *-jre-*@* | *-jre) contexts+=(--build-context "$ref=container-image://$STANDIN_JRE") ;;
      *) echo "$df: no stand-in for the base image $ref (only eclipse-temurin JDK/JRE references are mapped)"; return 1 ;;
    esac
  done < <(awk 'toupper($1) == "FROM" {print $2}' "$df" | sort -u)
  echo "podman build --format docker ${contexts[*]} -f $df -t $tag ."
  if ! podman build --format docker "${contexts[@]}" "${BUILD_ULIMITS[@]}" \
    --build-arg REVISION="$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
    --build-arg CREATED="$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    -f "$df" -t "$tag" . >"$LOG/build-${df#Dockerfile.}.log" 2>&1; then
    tail -n 12 "$LOG/build-${df#Dockerfile.}.log"
    last=$(grep -E '^(Error|error)' "$LOG/build-${df#Dockerfile.}.log" | tail -n 1)
    echo "$df does not build: ${last:-see $LOG/build-${df#Dockerfile.}.log}"
    return 1
  fi
  podman history --format '{{.Size}}\t{{.CreatedBy}}' "$tag" | cut -c1-160 | head -n 12
}
mib() { awk -v b="$1" 'BEGIN {printf "%.1f MiB", b / 1048576}'; }
image_sizes() {
  local base img total
  base=$(podman image inspect -f '{{.Size}}' "$STANDIN_JRE") || return 1
  for img in "$COLLECTOR_IMAGE" "$EXPORTER_IMAGE"; do
    total=$(podman image inspect -f '{{.Size}}' "$img") || return 1
    SIZES+=("$(printf '%-30s %s in all, %s on top of the JRE base (stand-in JRE: %s)' "$img" "$(mib "$total")" \
      "$(mib $((total - base)))" "$(mib "$base")")")
  done
  printf '%s\n' "${SIZES[@]}"
}

# --- podman's API socket and compose ------------------------------------------------------------------
start_service() {
  podman system service --time=0 "unix://$WORK/podman/api.sock" >"$LOG/podman-service.log" 2>&1 &
  PIDS+=($!)
  export DOCKER_HOST="unix://$WORK/podman/api.sock"
  local t
  for t in $(seq 1 50); do
    if [[ "$(curl -fsS --max-time 2 --unix-socket "$WORK/podman/api.sock" http://d/_ping 2>/dev/null)" == OK ]]; then
      echo "podman system service (pid ${PIDS[-1]}) answers on $DOCKER_HOST after $((t / 5)) s"
      return 0
    fi
    sleep 0.2
  done
  tail -n 5 "$LOG/podman-service.log"
  echo "podman system service did not answer on $DOCKER_HOST within 10 s"
  return 1
}
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
first_free_port() { local p; for p in $(seq "$1" "$2"); do port_free "$p" && { echo "$p"; return 0; }; done; return 1; }

# compose ARGS...: the real docker-compose.yml (and the files in COMPOSE_EXTRA: the secured mode's override),
# no developer .env, no inherited MONITORING_* setting; the probes aim at loopback only (ICMP to 127.0.0.1, TCP
# to the exporter's published port).
COMPOSE_EXTRA=()
compose() {
  (
    local v
    for v in $(compgen -e); do
      case "$v" in MONITORING_* | LOGS_DURABLE_WRITES | NETWORK_TREATMENT_ALLOWED_HOUR | COMPOSE_* | IMAGE_PREFIX | IMAGE_TAG) unset "$v" ;; esac
    done
    export COMPOSE_PROJECT_NAME=$PROJECT EXPORTER_PORT \
      DISCORD_WEBHOOK_URL_FILE="$WORK/discord_webhook_url" \
      MONITORING_PROBE_TARGETS="127.0.0.1:$EXPORTER_PORT" MONITORING_NETWORK_TIMEOUT=1 \
      MONITORING_METRIC_INTERVAL_PING=2 MONITORING_METRIC_INTERVAL_LATENCY=2 EXPORTER_SECRETS_DIR="$WORK/secrets"
    exec timeout 300 docker-compose -f "$ROOT/docker-compose.yml" "${COMPOSE_EXTRA[@]}" --project-directory "$ROOT" \
      --env-file "$WORK/compose/.env" "$@"
  )
}
cid() { compose ps -q "$1" 2>/dev/null | head -n 1; }
host_pid() { podman inspect -f '{{.State.Pid}}' "$1"; }

# healthy CONTAINER SECONDS: runs the image's HEALTHCHECK (`podman healthcheck run`: no systemd timers
# here) until it passes.
healthy() {
  local c=$1 limit=$2 t=$SECONDS out
  while ((SECONDS - t < limit)); do
    if out=$(podman healthcheck run "$c" 2>&1); then
      echo "healthcheck passed after $((SECONDS - t)) s; status $(podman inspect -f '{{.State.Health.Status}}' "$c")"
      return 0
    fi
    sleep 1
  done
  echo "last output: $out"
  echo "healthcheck of $(podman inspect -f '{{.Name}}' "$c") did not pass within ${limit}s"
  return 1
}

# --- assertions on the running services ---------------------------------------------------------------
VOLUME_DIR=
# The feed file names sort by date, so the last one is the newest.
newest_feed() { find "$VOLUME_DIR/json" -maxdepth 1 -name 'monitoring-*.jsonl' 2>/dev/null | sort | tail -n 1; }
newest_record() { local f; f=$(newest_feed); [[ -n "$f" ]] && tail -n 1 "$f"; }
records_in_volume() {
  local t=$SECONDS f lines
  VOLUME_DIR=$(podman volume inspect -f '{{.Mountpoint}}' "${PROJECT}_logs") || { echo "no volume ${PROJECT}_logs"; return 1; }
  while ((SECONDS - t < 60)); do
    f=$(newest_feed)
    lines=0
    [[ -n "$f" ]] && lines=$(wc -l <"$f")
    ((lines >= 3)) && break
    sleep 1
  done
  ((lines >= 3)) || { echo "fewer than 3 records in the volume ${PROJECT}_logs after 60 s (${f:-no feed file})"; return 1; }
  ls -ln "$VOLUME_DIR" "$VOLUME_DIR/json"
  # Every line is a whole JSON record (jq fails on a partial one).
  jq -e -s 'all(.[]; .metrics != null and .timestamp != null)' "$f" >/dev/null \
    || { echo "a line of $f is not a whole record"; return 1; }
  echo "$lines records in $f"
}
host_view() {
  local rec bad=0 mem_host mem_rec disk_host disk_rec if_host if_rec
  rec=$(newest_record) || { echo "no record"; return 1; }
  mem_host=$(awk '/^MemTotal:/ {printf "%.0f\n", $2 * 1024}' /proc/meminfo)
  mem_rec=$(jq -r '.metrics.memory_total_bytes' <<<"$rec")
  echo "memory_total_bytes: record $mem_rec, host MemTotal $mem_host"
  [[ "$mem_rec" == "$mem_host" ]] || { echo "FAIL: memory_total_bytes $mem_rec is not the host's MemTotal $mem_host"; bad=1; }
  disk_host=$(stat -f -c '%b %S' / | awk '{printf "%.0f\n", $1 * $2}')
  disk_rec=$(jq -r '.metrics.disk_total_bytes' <<<"$rec")
  echo "disk_total_bytes: record $disk_rec, host / $disk_host"
  [[ "$disk_rec" == "$disk_host" ]] || { echo "FAIL: disk_total_bytes $disk_rec is not the size of the host's / ($disk_host)"; bad=1; }
  # Interfaces may come and go (podman's own bridge and veth): compare with the host's list read at the same
  # time, over a few records.
  local i
  for i in 1 2 3 4 5; do
    if_host=$(awk -F: 'NR > 2 {gsub(/ /, "", $1); print $1}' /proc/net/dev | sort | tr '\n' ' ')
    if_rec=$(newest_record | jq -r '.metrics.interfaces[].name' | sort | tr '\n' ' ')
    [[ "$if_rec" == "$if_host" ]] && break
    sleep 1
  done
  echo "interfaces: record [$if_rec], host [$if_host]"
  [[ "$if_rec" == "$if_host" ]] || { echo "FAIL: interface names [$if_rec] are not the host's [$if_host]"; bad=1; }
  return $bad
}
status_field() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
uid_10001() {
  local c pid bad=0 uid gid
  for c in "$COLLECTOR_ID" "$EXPORTER_ID"; do
    pid=$(host_pid "$c")
    uid=$(awk '$1 == "Uid:" {print $2 "/" $3 "/" $4 "/" $5}' "/proc/$pid/status")
    gid=$(awk '$1 == "Gid:" {print $2 "/" $3 "/" $4 "/" $5}' "/proc/$pid/status")
    echo "$(podman inspect -f '{{.Name}}' "$c") pid $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline" | cut -c1-60)): uid $uid gid $gid"
    [[ "$uid" == 10001/10001/10001/10001 && "$gid" == 10001/10001/10001/10001 ]] \
      || { echo "FAIL: $(podman inspect -f '{{.Name}}' "$c") runs as uid $uid gid $gid, not 10001"; bad=1; }
  done
  return $bad
}
read_only_root() {
  local c pid bad=0 opts err name
  for c in "$COLLECTOR_ID" "$EXPORTER_ID"; do
    name=$(podman inspect -f '{{.Name}}' "$c")
    pid=$(host_pid "$c")
    opts=$(awk '$2 == "/" {o = $4} END {print o}' "/proc/$pid/mounts")
    echo "$name: / mounted $opts; ReadonlyRootfs $(podman inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$c")"
    [[ "$opts" == ro,* || "$opts" == ro ]] || { echo "FAIL: $name: the root filesystem is mounted $opts, not read-only"; bad=1; }
    # As root inside (so that permissions cannot be what refuses): the file system itself must refuse.
    if err=$(podman exec -u 0 "$c" sh -c ': > /container-check-write' 2>&1); then
      echo "FAIL: $name: root could write /container-check-write: the root is not read-only"
      bad=1
    elif [[ "$err" != *"Read-only file system"* ]]; then
      echo "FAIL: $name: writing / failed for another reason than a read-only root: $err"
      bad=1
    fi
  done
  return $bad
}
NET_RAW_MASK=0000000000002000        # 1 << 13 (CAP_NET_RAW)
capabilities() {
  local bad=0 pid eff prm bnd amb
  pid=$(host_pid "$COLLECTOR_ID")
  eff=$(status_field "$pid" CapEff) prm=$(status_field "$pid" CapPrm) bnd=$(status_field "$pid" CapBnd) amb=$(status_field "$pid" CapAmb)
  echo "collector: CapEff $eff CapPrm $prm CapBnd $bnd CapAmb $amb"
  # ping gets NET_RAW through its file capability, which needs NET_RAW in the bounding set; the JVM itself
  # may hold it (podman gives added capabilities to a non-root user) or not (Docker), but nothing else.
  [[ "$bnd" == "$NET_RAW_MASK" ]] || { echo "FAIL: collector: bounding set $bnd, expected NET_RAW only ($NET_RAW_MASK)"; bad=1; }
  for v in "$eff" "$prm" "$amb"; do
    [[ "$v" == 0000000000000000 || "$v" == "$NET_RAW_MASK" ]] || { echo "FAIL: collector: capabilities $v beyond NET_RAW"; bad=1; }
  done
  pid=$(host_pid "$EXPORTER_ID")
  eff=$(status_field "$pid" CapEff) prm=$(status_field "$pid" CapPrm) bnd=$(status_field "$pid" CapBnd) amb=$(status_field "$pid" CapAmb)
  echo "exporter: CapEff $eff CapPrm $prm CapBnd $bnd CapAmb $amb"
  [[ "$eff$prm$bnd$amb" == "0000000000000000000000000000000000000000000000000000000000000000" ]] \
    || { echo "FAIL: exporter: capabilities CapEff $eff CapBnd $bnd, expected none"; bad=1; }
  return $bad
}
icmp_probe() {
  local t=$SECONDS p
  while ((SECONDS - t < 30)); do
    p=$(newest_record | jq -c --arg t "127.0.0.1:$EXPORTER_PORT" '.metrics.probes[] | select(.target == $t)')
    [[ "$(jq -r '.latency_method' <<<"$p" 2>/dev/null)" == icmp && "$(jq -r '.ping_ms' <<<"$p")" != null ]] && break
    sleep 1
  done
  echo "probe in the newest record: $p"
  [[ "$(jq -r '.latency_method' <<<"$p" 2>/dev/null)" == icmp ]] \
    || { echo "the collector's ping of 127.0.0.1 did not use ICMP (latency_method $(jq -r '.latency_method' <<<"$p" 2>/dev/null)): NET_RAW does not reach ping"; return 1; }
}
cds_mapped() {
  local pid
  pid=$(host_pid "$COLLECTOR_ID")
  grep -E '\.jsa$' "/proc/$pid/maps" | awk '{print $6}' | sort -u
  grep -q '/app/collector\.jsa$' "/proc/$pid/maps" \
    || { echo "the collector's JVM has not mapped /app/collector.jsa: it runs without its class-data archive"; return 1; }
}
metrics_lint() {
  local body="$LOG/metrics.txt" lint
  curl -fsS --max-time 5 -o "$body" "http://127.0.0.1:$EXPORTER_PORT/metrics" \
    || { echo "GET http://127.0.0.1:$EXPORTER_PORT/metrics failed"; return 1; }
  [[ -s "$body" ]] || { echo "/metrics is empty"; return 1; }
  lint=$(promtool check metrics <"$body" 2>&1) || { echo "$lint"; echo "promtool check metrics failed"; return 1; }
  [[ -z "$lint" ]] || { echo "$lint"; echo "promtool check metrics printed $(wc -l <<<"$lint") lint lines"; return 1; }
  echo "$(grep -c '^# TYPE' "$body") families, $(grep -vc '^#' "$body") samples, lint-clean"
}
health_200() {
  local code
  code=$(curl -sS --max-time 5 -o "$LOG/health.json" -w '%{http_code}' "http://127.0.0.1:$EXPORTER_PORT/health")
  cat "$LOG/health.json"; echo
  [[ "$code" == 200 ]] || { echo "/health answered $code, not 200"; return 1; }
}
# prometheus_scrapes [secure]: Debian's prometheus on the host scrapes the published port, in the secured mode
# as infra/prometheus/prometheus.secure.yml's job does (https, the CA, basic auth with a password file); it is
# stopped again at the end.
prometheus_scrapes() {
  local t=$SECONDS mode=${1:-plain} pid rc=0
  PROM_PORT=$(first_free_port 19140 19199) || { echo "no free port in 19140-19199 for prometheus"; return 1; }
  {
    printf 'global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: infra-monitoring\n'
    if [[ "$mode" == secure ]]; then
      printf '    scheme: https\n    tls_config:\n      ca_file: %s\n      min_version: TLS12\n' "$WORK/secrets/ca.crt"
      printf '    basic_auth:\n      username: prometheus\n      password_file: %s\n' "$WORK/secrets/scrape-password"
    fi
    printf '    static_configs:\n      - targets: ["127.0.0.1:%s"]\n' "$EXPORTER_PORT"
  } >"$WORK/prometheus-$mode.yml"
  prometheus --config.file="$WORK/prometheus-$mode.yml" --storage.tsdb.path="$WORK/tsdb-$mode" \
    --web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn >"$LOG/prometheus-$mode.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  prometheus_asserts "$t" "$mode" || rc=1
  stop_pid "$pid"
  forget_pid "$pid"
  return $rc
}
forget_pid() { local p keep=(); for p in "${PIDS[@]}"; do [[ "$p" == "$1" ]] || keep+=("$p"); done; PIDS=("${keep[@]}"); }
prometheus_asserts() {
  local t=$1 mode=$2 up mem
  local q="http://127.0.0.1:$PROM_PORT/api/v1/query"
  while ((SECONDS - t < 60)); do
    up=$(curl -fsS --max-time 2 "$q" --data-urlencode 'query=up{job="infra-monitoring"}' 2>/dev/null | jq -r '.data.result[0].value[1] // empty')
    [[ "$up" == 1 ]] && break
    sleep 1
  done
  echo "prometheus ($mode) pid ${PIDS[-1]} on 127.0.0.1:$PROM_PORT: up{job=\"infra-monitoring\"} = ${up:-none} after $((SECONDS - t)) s"
  if [[ "$up" != 1 ]]; then
    tail -n 5 "$LOG/prometheus-$mode.log"
    curl -fsS --max-time 2 "http://127.0.0.1:$PROM_PORT/api/v1/targets" 2>/dev/null | jq -r '.data.activeTargets[]?.lastError' 2>/dev/null
    echo "prometheus ($mode) on the host did not scrape the exporter (up = ${up:-no series})"
    return 1
  fi
  mem=$(curl -fsS --max-time 2 "$q" --data-urlencode 'query=monitoring_memory_total_bytes' | jq -r '.data.result[0].value[1] // empty')
  echo "monitoring_memory_total_bytes through prometheus: $mem"
  [[ "$mem" == "$(awk '/^MemTotal:/ {printf "%.0f\n", $2 * 1024}' /proc/meminfo)" ]] \
    || { echo "monitoring_memory_total_bytes in prometheus ($mem) is not the host's MemTotal"; return 1; }
}
# The collector stopped: the exporter's /health, so its healthcheck, must pass while the last record is
# younger than the staleness limit and fail once it is older; after `retries` failures in a row the
# container is unhealthy.
stale_unhealthy() {
  local t last_pass=-1 first_fail=-1 retries out i status
  compose stop -t 10 collector >"$LOG/compose-stop.log" 2>&1 || { cat "$LOG/compose-stop.log"; echo "docker-compose stop collector failed"; return 1; }
  t=$SECONDS
  echo "collector stopped in $(( SECONDS - t )) s"
  while ((SECONDS - t <= STALE_AFTER + 15)); do
    if out=$(podman healthcheck run "$EXPORTER_ID" 2>&1); then
      last_pass=$((SECONDS - t))
    else
      first_fail=$((SECONDS - t))
      break
    fi
    sleep 1
  done
  echo "exporter healthcheck: last passed ${last_pass} s after the stop, first failed at ${first_fail} s ($out)"
  ((first_fail >= 0)) || { echo "the exporter's healthcheck still passed $((STALE_AFTER + 15)) s after the collector stopped (staleness limit ${STALE_AFTER} s)"; return 1; }
  ((first_fail >= STALE_AFTER - 3)) \
    || { echo "the exporter's healthcheck failed ${first_fail} s after the collector stopped, before the record could be stale (${STALE_AFTER} s): not staleness"; return 1; }
  ((first_fail <= STALE_AFTER + 10)) \
    || { echo "the exporter's healthcheck failed only ${first_fail} s after the collector stopped (limit ${STALE_AFTER} s + 10 s)"; return 1; }
  retries=$(podman inspect -f '{{.Config.Healthcheck.Retries}}' "$EXPORTER_ID")
  for ((i = 1; i < retries; i++)); do podman healthcheck run "$EXPORTER_ID" >/dev/null 2>&1; done
  status=$(podman inspect -f '{{.State.Health.Status}}' "$EXPORTER_ID")
  echo "after $retries failed runs in a row: $status"
  [[ "$status" == unhealthy ]] || { echo "the exporter is '$status' after $retries failed healthchecks, not unhealthy"; return 1; }
  code=$(curl -s --max-time 5 "${EXPORTER_CURL[@]}" -o /dev/null -w '%{http_code}' "$EXPORTER_URL/health")
  echo "/health now answers $code"
  [[ "$code" == 503 ]] || { echo "/health answers $code with a stale record, not 503"; return 1; }
}
# --- the secured mode ------------------------------------------------------------------------------------
# The documented recipe: scripts/exporter-secrets.sh (as root: web.yml and the key to uid 10001, the password to
# 65534), then the exporter recreated with docker-compose.secure.yml, its files as compose secrets.
SCRAPE_PASSWORD=
secrets_made() {
  bash "$ROOT/scripts/exporter-secrets.sh" --dir "$WORK/secrets" || { echo "scripts/exporter-secrets.sh failed"; return 1; }
  ls -ln "$WORK/secrets"
  SCRAPE_PASSWORD=$(cat "$WORK/secrets/scrape-password")
  [[ ${#SCRAPE_PASSWORD} -ge 20 ]] || { echo "the scrape password is ${#SCRAPE_PASSWORD} characters long"; return 1; }
}
secure_up() {
  COMPOSE_EXTRA=(-f "$ROOT/docker-compose.secure.yml")
  # --no-deps: docker-compose 1.29 would recreate the collector too (another file, another config hash), and then
  # wait forever for it to become healthy, since no timer runs its healthcheck here. The exporter alone is
  # recreated; the collector, healthy, keeps running.
  compose up -d --no-build --no-deps --force-recreate exporter
}
secure_mounts() {
  local pid bad=0 f opts own env
  pid=$(host_pid "$EXPORTER_ID")
  for f in web.yml exporter.crt exporter.key; do
    opts=$(awk -v m="/run/secrets/$f" '$2 == m {o = $4} END {print o}' "/proc/$pid/mounts")
    echo "/run/secrets/$f: mounted ${opts:-(not mounted)}"
    [[ "$opts" == ro,* || "$opts" == ro ]] || { echo "FAIL: /run/secrets/$f is not a read-only mount in the exporter"; bad=1; }
  done
  for f in web.yml exporter.key; do
    own=$(stat -c '%u %a' "/proc/$pid/root/run/secrets/$f")
    echo "/run/secrets/$f: uid and mode $own"
    [[ "$own" == "10001 400" ]] || { echo "FAIL: /run/secrets/$f has uid and mode $own, not 10001 400 (readable by the exporter alone)"; bad=1; }
  done
  env=$(tr '\0' '\n' <"/proc/$pid/environ" | grep '^MONITORING_EXPORTER_WEB_CONFIG=')
  echo "$env"
  [[ "$env" == MONITORING_EXPORTER_WEB_CONFIG=/run/secrets/web.yml ]] || { echo "FAIL: the exporter's MONITORING_EXPORTER_WEB_CONFIG is '${env#*=}'"; bad=1; }
  return $bad
}
secure_scrape() {
  local body="$LOG/metrics-tls.txt" code v lint
  code=$(curl -sS --max-time 5 --cacert "$WORK/secrets/ca.crt" -u "prometheus:$SCRAPE_PASSWORD" -o "$body" \
    -w '%{http_code}' "https://127.0.0.1:$EXPORTER_PORT/metrics")
  echo "GET https://127.0.0.1:$EXPORTER_PORT/metrics with the CA and the password: $code"
  [[ "$code" == 200 ]] || { echo "the HTTPS scrape with credentials answered $code, not 200"; return 1; }
  lint=$(promtool check metrics <"$body" 2>&1) || { echo "$lint"; echo "promtool check metrics failed on the HTTPS scrape"; return 1; }
  [[ -z "$lint" ]] || { echo "$lint"; echo "promtool check metrics printed lint lines on the HTTPS scrape"; return 1; }
  echo "$(grep -c '^# TYPE' "$body") families, lint-clean"
  for v in 1.2 1.3; do
    code=$(curl -sS --max-time 5 --tlsv"$v" --tls-max "$v" --cacert "$WORK/secrets/ca.crt" -u "prometheus:$SCRAPE_PASSWORD" \
      -o /dev/null -w '%{http_code}' "https://127.0.0.1:$EXPORTER_PORT/metrics")
    echo "TLS $v: $code"
    [[ "$code" == 200 ]] || { echo "the HTTPS scrape over TLS $v answered $code, not 200"; return 1; }
  done
}
secure_refusals() {
  local bad=0 code hdr body ca=(--cacert "$WORK/secrets/ca.crt") url="https://127.0.0.1:$EXPORTER_PORT"
  hdr=$(curl -sS --max-time 5 "${ca[@]}" -o /dev/null -D - "$url/metrics" | tr -d '\r')
  code=$(awk 'NR == 1 {print $2}' <<<"$hdr")
  echo "/metrics without credentials: $code, $(grep -i '^www-authenticate:' <<<"$hdr")"
  if [[ "$code" != 401 ]] || ! grep -qi '^www-authenticate: basic' <<<"$hdr"; then
    echo "FAIL: /metrics without credentials answered $code (want 401 with WWW-Authenticate: Basic)"
    bad=1
  fi
  code=$(curl -s --max-time 5 "${ca[@]}" -u "prometheus:wrong-$SCRAPE_PASSWORD" -o /dev/null -w '%{http_code}' "$url/metrics")
  echo "/metrics with a wrong password: $code"
  [[ "$code" == 401 ]] || { echo "FAIL: /metrics with a wrong password answered $code, not 401"; bad=1; }
  code=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$EXPORTER_PORT/metrics")
  echo "/metrics in plain HTTP: ${code} (000: no HTTP answer)"
  [[ "$code" == 000 ]] || { echo "FAIL: plain HTTP got an HTTP answer ($code) from the TLS port"; bad=1; }
  code=$(curl -sS --max-time 5 "${ca[@]}" -o "$LOG/health-open.json" -w '%{http_code}' "$url/health")
  body=$(cat "$LOG/health-open.json")   # without its final newline
  echo "/health without credentials: $code $body"
  [[ "$code" == 200 && "$body" == '{"status":"ok"}' ]] || { echo "FAIL: /health without credentials is not 200 with the status alone"; bad=1; }
  body=$(curl -sS --max-time 5 "${ca[@]}" -u "prometheus:$SCRAPE_PASSWORD" "$url/health")
  echo "/health with credentials: $body"
  [[ "$(jq -r '.state // empty' <<<"$body" 2>/dev/null)" != "" ]] || { echo "FAIL: /health with credentials has no details"; bad=1; }
  return $bad
}
down_clean() {
  compose down -v --timeout 10 >"$LOG/compose-down.log" 2>&1 || { cat "$LOG/compose-down.log"; echo "docker-compose down -v failed"; return 1; }
  COMPOSE_UP=false
  local left
  left=$(podman ps -a --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Names}}')
  [[ -z "$left" ]] || { echo "containers left after down: $left"; return 1; }
  left=$(podman volume ls -q | grep -x "${PROJECT}_logs")
  [[ -z "$left" ]] || { echo "volume left after down -v: $left"; return 1; }
  echo "no container or volume of project $PROJECT left"
}

# --- the run ------------------------------------------------------------------------------------------
echo "== container check (work directory $WORK, cache $CACHE)"
SIZES=()
STANDINS_FROM="-"
ok=true
timed "preconditions (root, namespaces)" preconditions || ok=false
$ok && { timed "tools installed (podman, runc, netavark, mmdebstrap, docker-compose, prometheus)" install_tools || ok=false; }
$ok && { check "podman configured from the check's own files (storage, network, events under the work directory)" write_podman_conf || ok=false; }
$ok && { timed "stand-in base images (Debian $CODENAME openjdk-17 JRE/JDK)" standins || ok=false; }
if $ok; then
  timed "Dockerfile.collector builds unmodified (podman build --format docker)" build_image Dockerfile.collector "$COLLECTOR_IMAGE" || ok=false
  timed "Dockerfile.exporter builds unmodified (podman build --format docker)" build_image Dockerfile.exporter "$EXPORTER_IMAGE" || ok=false
fi
$ok && check "image sizes" image_sizes
$ok && { check "podman system service on a socket of the check's own" start_service || ok=false; }
if $ok; then
  EXPORTER_PORT=$(first_free_port 18140 18199) || { check "a free exporter port in 18140-18199" false; ok=false; }
  EXPORTER_URL="http://127.0.0.1:$EXPORTER_PORT"
fi
if $ok; then
  mkdir -p "$WORK/compose"
  : >"$WORK/compose/.env"
  : >"$WORK/discord_webhook_url"
  T_UP=$SECONDS
  COMPOSE_UP=true
  timed "docker-compose up -d collector (the real docker-compose.yml)" compose up -d --no-build collector || ok=false
fi
if $ok; then
  COLLECTOR_ID=$(cid collector)
  check "records in the logs volume" records_in_volume || ok=false
fi
if $ok; then
  timed "collector healthcheck passes (podman healthcheck run)" healthy "$COLLECTOR_ID" 90 || ok=false
fi
if $ok; then
  # The collector is healthy now, so compose's depends_on (service_healthy) lets the exporter start.
  timed "docker-compose up -d exporter (depends_on: collector healthy)" compose up -d --no-build --no-recreate exporter || ok=false
fi
if $ok; then
  EXPORTER_ID=$(cid exporter)
  timed "exporter healthcheck passes (podman healthcheck run)" healthy "$EXPORTER_ID" 60 || ok=false
  TIMINGS+=("$(printf '%4ds         %s' $((SECONDS - T_UP)) "compose up to both healthy")")
fi
if $ok; then
  check "the collector sees the host: memory total, disk total of /, interface names" host_view
  check "both run as uid/gid 10001" uid_10001
  check "both have a read-only root filesystem" read_only_root
  check "capabilities: NET_RAW alone in the collector's bounding set, none in the exporter" capabilities
  check "ICMP works in the collector (ping of 127.0.0.1 through NET_RAW)" icmp_probe
  check "the collector's JVM uses its class-data archive (/app/collector.jsa mapped)" cds_mapped
  check "exporter /health through the published port answers 200" health_200
  check "exporter /metrics through the published port passes promtool check metrics" metrics_lint
  timed "Debian's prometheus on the host scrapes the containerised exporter (up == 1)" prometheus_scrapes
  # The secured mode, then the staleness run on it (its HEALTHCHECK over HTTPS must fail when stale too).
  secure_ok=true
  check "secured mode: scripts/exporter-secrets.sh makes the CA, certificate, key, password and web.yml" secrets_made || secure_ok=false
  if $secure_ok; then
    timed "secured mode: docker-compose -f docker-compose.yml -f docker-compose.secure.yml up -d exporter (recreated, secrets mounted)" \
      secure_up || secure_ok=false
  fi
  if $secure_ok; then
    EXPORTER_ID=$(cid exporter)
    EXPORTER_URL="https://127.0.0.1:$EXPORTER_PORT"
    EXPORTER_CURL=(--cacert "$WORK/secrets/ca.crt")
    timed "secured mode: the exporter's healthcheck passes over HTTPS (podman healthcheck run)" healthy "$EXPORTER_ID" 60 || secure_ok=false
  fi
  if $secure_ok; then
    check "secured mode: web.yml, certificate and key are read-only secrets, web.yml and the key uid 10001 mode 0400" secure_mounts
    check "secured mode: HTTPS scrape through the published port with the CA and the password, TLS 1.2 and 1.3, lint-clean" secure_scrape
    check "secured mode: 401 without credentials or with a wrong password, no plain HTTP, /health open with the status alone" secure_refusals
    timed "secured mode: Debian's prometheus scrapes it with https, the CA and basic auth (up == 1)" prometheus_scrapes secure
  else
    skip_rest "the secured mode's assertions"
  fi
  timed "collector stopped: the exporter's healthcheck fails once the record is stale (${STALE_AFTER} s), not before" stale_unhealthy
  check "docker-compose down -v removes the containers and the volume" down_clean
else
  skip_rest "the live assertions"
fi
# Processes this run started (podman's service, prometheus), stopped by PID now rather than at exit.
for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
PIDS=()

echo
echo "== container check summary"
printf '%s\n' "${RESULTS[@]}"
echo "-- timings: wall clock, CPU (stand-ins: $STANDINS_FROM)"
printf '%s\n' "${TIMINGS[@]}"
printf '%4ds         %s\n' $((SECONDS - T_START)) "total (wall clock)"
cpu_now
printf '%10.0fs  %s\n' "$CPU_NOW" "CPU in all (user + system of the commands it ran: builds, not the containers)"
if ((${#SIZES[@]})); then
  echo "-- image sizes"
  printf '%s\n' "${SIZES[@]}"
fi
total_pass=$(printf '%s\n' "${RESULTS[@]}" | grep -c '^PASS' || true)
echo "container-check: ${total_pass} passed, ${FAILED} failed"
((FAILED == 0))
