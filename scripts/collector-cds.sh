#!/usr/bin/env bash
# (Re)creates the collector's AppCDS archive, collector/target/collector.jsa, when it is missing or
# older than the jar. collector/jvm.options points at it (-XX:SharedArchiveFile, relative to the
# repository root); the JVM silently runs without it when it is missing or was made for another jar.
# It halves the time to the first record (most of start-up is loading Jackson, logback and the
# collector's classes from the jar). Made by a short training run: two samples on a throw-away log
# root, started exactly as run.sh starts the collector (same directory, same relative jar path).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=collector/target/collector.jar
jsa=collector/target/collector.jsa
[[ -f "$jar" ]] || { echo "no $jar: build first" >&2; exit 1; }
[[ -f "$jsa" && "$jsa" -nt "$jar" ]] && exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v -- '-XX:SharedArchiveFile' collector/jvm.options >"$tmp/jvm.options"
: >"$tmp/empty.env"
rm -f "$jsa"
if ! env MONITORING_ENV_FILE="$tmp/empty.env" MONITORING_LOG_ROOT="$tmp/logs" MONITORING_VERBOSE=0 \
  java @"$tmp/jvm.options" -XX:ArchiveClassesAtExit="$jsa" -jar "$jar" -c 2 >"$tmp/out" 2>&1; then
  echo "warning: could not create $jsa (the collector runs without it):" >&2
  tail -3 "$tmp/out" >&2
  rm -f "$jsa"
fi
