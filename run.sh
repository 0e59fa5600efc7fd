#!/usr/bin/env bash
# Builds the jars if needed and runs the collector and the exporter locally (no Docker).
# Logs and the feed go under ./logs (MONITORING_LOG_ROOT), the exporter listens on 127.0.0.1:8000.
# Extra arguments go to the collector (for example: ./run.sh -v). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")"

if [[ ! -f collector/target/collector.jar || ! -f exporter/target/exporter.jar ]] \
  || [[ -n "$(find common collector exporter pom.xml -newer collector/target/collector.jar \
        \( -name '*.java' -o -name 'pom.xml' -o -name '*.xml' \) -not -path '*/target/*' -print -quit)" ]]; then
  echo "building (./mvnw -q -DskipTests package) ..."
  ./mvnw -q -B -DskipTests package
fi
# Class-data archive for a faster collector start (skipped when up to date; harmless if it fails).
scripts/collector-cds.sh || true

export MONITORING_LOG_ROOT="${MONITORING_LOG_ROOT:-logs}"
mkdir -p "$MONITORING_LOG_ROOT"

java @collector/jvm.options -jar collector/target/collector.jar "$@" &
collector=$!
java @exporter/jvm.options -jar exporter/target/exporter.jar &
exporter=$!

# Jobs started with & by a script ignore SIGINT, so Ctrl-C reaches the JVMs as the SIGTERM sent here;
# each finishes its current work (the collector its current record) and exits 0.
stop() {
  trap - INT TERM
  kill -TERM "$collector" "$exporter" 2>/dev/null || true
  wait "$collector" "$exporter" 2>/dev/null || true
}
trap stop INT TERM EXIT
echo "collector pid $collector, exporter pid $exporter: feed in $MONITORING_LOG_ROOT/json," \
  "metrics at http://${MONITORING_EXPORTER_ADDR:-127.0.0.1}:${MONITORING_EXPORTER_PORT:-8000}/metrics (Ctrl-C stops)"
# Either process ending ends the run.
wait -n "$collector" "$exporter" || true
