#!/usr/bin/env bash
# Full-disk check: the collector writes its feed and its JSON app log onto a small tmpfs that is
# filled up, freed a page at a time (so that writes stop part-way), held full, then emptied. After
# space returns, every line of the app log must parse as JSON (each entry is written whole or not at
# all), the feed must have no two records glued on one line, and every feed line written after the
# last partial one must parse. Needs root (mount); ~20 s. Run by CI (.ci/run).
#
#   scripts/full-disk-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo -n true 2>/dev/null || { echo "full-disk check: needs root or passwordless sudo (mount)" >&2; exit 1; }
  sudo=(sudo -n)
fi
need=()
command -v jq >/dev/null || need+=(jq)
if ((${#need[@]})); then
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [[ ! -f collector/target/collector.jar ]] \
  || [[ -n "$(find common collector pom.xml -newer collector/target/collector.jar \
        \( -name '*.java' -o -name 'pom.xml' -o -name '*.xml' \) -not -path '*/target/*' -print -quit)" ]]; then
  echo "building collector.jar ..." >&2
  ./mvnw -q -B -pl collector -am -DskipTests package
fi

work=$(mktemp -d)
mnt="$work/disk"
mkdir "$mnt"
collector=""
mounted=0
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  local rc=$?
  [[ -n "$collector" ]] && kill "$collector" 2>/dev/null && { wait "$collector" 2>/dev/null || true; }
  ((mounted)) && "${sudo[@]}" umount "$mnt"
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT

"${sudo[@]}" mount -t tmpfs -o size=4m,mode=0777 tmpfs "$mnt"
mounted=1
logs="$mnt/logs"
feed="$logs/json/monitoring-$(date +%F).jsonl"
applog="$logs/app/collector.json"
: >"$work/empty.env"
# 50 records a second, debug logging: while the disk is full every record adds a failed feed write
# and a debug entry, so both files race for each page freed.
env MONITORING_ENV_FILE="$work/empty.env" MONITORING_LOG_ROOT="$logs" MONITORING_INTERVAL_SEC=0.02 \
  MONITORING_LOG_LEVEL=DEBUG java @collector/jvm.options -jar collector/target/collector.jar \
  >/dev/null 2>"$work/collector.err" &
collector=$!
lines() { [[ -f "$1" ]] && wc -l <"$1" || echo 0; }
for _ in $(seq 300); do
  (($(lines "$feed") >= 20)) && break
  kill -0 "$collector" 2>/dev/null || { cat "$work/collector.err" >&2; exit 1; }
  sleep 0.05
done

# Fill the disk, then free one or two pages at a time: the next writes fit only in part.
dd if=/dev/zero of="$mnt/filler" bs=64k status=none 2>/dev/null || true
for round in $(seq 12); do
  truncate -s "-$(((round % 2 + 1) * 4096))" "$mnt/filler"
  sleep 0.3
done
sleep 1 # held full
rm -f "$mnt/filler"
sleep 2 # space is back
kill -0 "$collector" 2>/dev/null || { echo "the collector died on the full disk" >&2; cat "$work/collector.err" >&2; exit 1; }
kill "$collector"
wait "$collector" || true
collector=""

fail=0
# App log: every line is one JSON object.
bad_app=$(jq -R -c 'try (fromjson | if type == "object" then empty else "not an object" end) catch "bad"' "$applog" | wc -l)
app_total=$(lines "$applog")
lost=$(jq -R -c 'try (fromjson | select(.message | test("app log entries could not be written")) | .message) catch empty' "$applog" | head -1)
echo "app log: $app_total lines, $bad_app not JSON${lost:+; $lost}"
((bad_app == 0)) || { echo "FAIL: the app log has lines that are not JSON:" >&2; jq -R -c 'select((try fromjson catch null) == null)' "$applog" | head -3 >&2; fail=1; }
[[ -n $lost ]] || echo "note: no app log entry was lost (the disk-full path may not have been reached)"

# Feed: no line holds two records; partial lines (closed off by the feed's rule) only before the
# last good stretch, which parses line by line.
feed_total=$(lines "$feed")
glued=$(grep -c '{"ts".*{"ts"' "$feed" || true)
partial=$(jq -R -c 'try (fromjson | empty) catch "bad"' "$feed" | wc -l)
last_bad=$(jq -R -c 'try (fromjson | empty) catch input_line_number' "$feed" | tail -1)
after=$((feed_total - ${last_bad:-0}))
echo "feed: $feed_total lines, $glued glued, $partial partial lines closed off, $after good lines after the last partial one"
((glued == 0)) || { echo "FAIL: records glued on one feed line" >&2; fail=1; }
((after >= 20)) || { echo "FAIL: fewer than 20 records after space returned" >&2; fail=1; }
((fail == 0)) && echo "full-disk check: ok"
exit "$fail"
