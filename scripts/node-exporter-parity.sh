#!/usr/bin/env bash
# Writes the expected values of the node_exporter parity test (NodeExporterParityTest): runs
# node_exporter 1.5 (Debian's prometheus-node-exporter) on the node_exporter fixture tree under
# collector/src/test/resources/fixtures/node_exporter, on loopback, and keeps the series the
# collector's sources have a counterpart for. psutil (Debian's python3-psutil) adds its MemAvailable
# estimate for the same meminfo and zoneinfo (node_exporter exports no estimate). Debian's package
# is node_exporter 1.5.0 with Debian's default flags; the ones that differ from upstream are set here.
#
#   scripts/node-exporter-parity.sh          # rewrites expected-node-exporter-1.5.prom
#   scripts/node-exporter-parity.sh --check  # fails when the file differs from a fresh run
set -euo pipefail
cd "$(dirname "$0")/.."

tree=collector/src/test/resources/fixtures/node_exporter
out=$tree/expected-node-exporter-1.5.prom
port=${NE_PARITY_PORT:-19251}

# Debian's python3, where python3-psutil installs (a python3 first on PATH may be another one).
py=/usr/bin/python3
need=()
command -v prometheus-node-exporter >/dev/null || need+=(prometheus-node-exporter)
[[ -x $py ]] && "$py" -c 'import psutil' 2>/dev/null || need+=(python3-psutil)
command -v curl >/dev/null || need+=(curl)
if ((${#need[@]})); then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
version=$(prometheus-node-exporter --version 2>&1 | awk 'NR == 1 {print $3}')
[[ $version == 1.5.* ]] || { echo "needs node_exporter 1.5, found $version" >&2; exit 1; }

work=$(mktemp -d)
ne=""
cleanup() {
  local rc=$?
  [[ -n "$ne" ]] && kill "$ne" 2>/dev/null && { wait "$ne" 2>/dev/null || true; }
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT

# The root filesystem: the mount points of proc/1/mounts that should be measurable. Sizes are
# this machine's and change, so the file keeps only which mount points node_exporter measures (and
# whether they are read-only, from the options).
mkdir -p "$work/rootfs/boot" "$work/rootfs/données" "$work/rootfs/srv/ro"

if ss -ltn "sport = :$port" | grep -q LISTEN; then
  echo "port $port is busy; set NE_PARITY_PORT" >&2
  exit 1
fi
prometheus-node-exporter --web.listen-address="127.0.0.1:$port" \
  --path.procfs="$tree/proc" --path.sysfs="$tree/sys" --path.rootfs="$work/rootfs" \
  --collector.disable-defaults --collector.meminfo --collector.zoneinfo --collector.loadavg \
  --collector.cpufreq --collector.hwmon --collector.thermal_zone --collector.filefd \
  --collector.netdev --no-collector.netdev.netlink --collector.netdev.device-exclude= --collector.filesystem \
  --collector.cpu --collector.stat --collector.vmstat --collector.pressure --collector.diskstats \
  --collector.mdadm --collector.conntrack --collector.bonding \
  >"$work/ne.log" 2>&1 &
ne=$!
for _ in $(seq 100); do curl -fs -o "$work/metrics" "http://127.0.0.1:$port/metrics" && break; sleep 0.1; done
[[ -s "$work/metrics" ]] || { cat "$work/ne.log" >&2; exit 1; }

available=$("$py" - "$tree/proc" <<'PY'
import sys
import psutil
psutil.PROCFS_PATH = sys.argv[1]
print(psutil.virtual_memory().available)
PY
)
psutil_version=$("$py" -c 'import psutil; print(psutil.__version__)')

keep='^(node_memory_(MemTotal|MemFree|Cached|Active_file|Inactive_file|SReclaimable|SwapTotal|SwapFree)_bytes'
keep+='|node_zoneinfo_low_pages|node_load(1|5|15)|node_cpu_scaling_frequency_hertz'
keep+='|node_hwmon_temp_celsius|node_hwmon_sensor_label|node_thermal_zone_temp'
keep+='|node_network_(receive|transmit)_(bytes|packets|errs|drop)_total|node_filesystem_(device_error|readonly)'
keep+='|node_filefd_(allocated|maximum)|node_cpu_seconds_total|node_procs_(running|blocked)'
keep+='|node_(context_switches|intr|forks)_total|node_boot_time_seconds'
keep+='|node_vmstat_(pgfault|pgmajfault|pswpin|pswpout|oom_kill)|node_pressure_[a-z]+_[a-z]+_seconds_total'
keep+='|node_disk_(reads_completed|read_bytes|read_time_seconds|writes_completed|written_bytes|write_time_seconds)_total'
keep+='|node_disk_io_now|node_disk_io_time(_weighted)?_seconds_total|node_md_[a-z_]+'
keep+='|node_nf_conntrack_entries(_limit)?|node_bonding_(slaves|active)'
keep+='|node_scrape_collector_success)[{ ]'
{
  echo "# node_exporter $version (Debian prometheus-node-exporter) on this tree: --path.procfs=proc"
  echo "# --path.sysfs=sys --path.rootfs=<a directory holding boot/, données/ and srv/ro/>,"
  echo "# --collector.disable-defaults, collectors meminfo zoneinfo loadavg cpufreq hwmon thermal_zone filefd"
  echo "# netdev (--no-collector.netdev.netlink: reads proc/net/dev; --collector.netdev.device-exclude="
  echo "# emptied: Debian's default excludes lo) filesystem cpu stat vmstat pressure diskstats mdadm"
  echo "# conntrack bonding. Written by scripts/node-exporter-parity.sh;"
  echo "# only the series the collector has a counterpart for."
  echo "# psutil $psutil_version virtual_memory().available with PROCFS_PATH=proc: $available"
  grep -E "$keep" "$work/metrics" | LC_ALL=C sort
} >"$work/expected"

if [[ ${1:-} == --check ]]; then
  diff -u "$out" "$work/expected"
  echo "node_exporter parity: $out matches a fresh run"
else
  cp "$work/expected" "$out"
  echo "wrote $out ($(grep -vc '^#' "$out") series)"
fi
