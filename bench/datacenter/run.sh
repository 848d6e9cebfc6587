#!/usr/bin/env bash
# A whole data center on one machine (not a test): 1,000 simulated nodes of 100 containers, in
# standalone mode (agents registering with triton-discovery) and in Triton mode (the core's fake
# VMAPI/CNAPI and its change-feed publisher), followed by two metric-proxy replicas and two
# cns-adapters, every service a process of its own from its packaged jar. Prints, side by side,
# start-up to "every name answers" / "every VM routable", change -> DNS answer and change -> route
# latency, CPU and RSS of every service at rest and during the churn, bytes per heartbeat and per
# change item, /v1/discover latency, and stale/missing names and routes after each fault.
# See README.md beside this file.
#
# Usage: bench/datacenter/run.sh [nodes, default 1000] [containers per node, default 100]
# Environment: BENCH_MODES (standalone,triton), BENCH_CHURN_RATE (changes/s, 5), BENCH_BURST (500),
#   BENCH_REST_SECONDS (20), BENCH_CHURN_SECONDS (40), BENCH_LEGACY_SHARE (share of agents on
#   today's protocol, full list every heartbeat; 0), CMON_JAVA_OPTS (services' JVM, README's),
#   BENCH_LOAD_JAVA_OPTS (the load process's JVM), BENCH_KEEP=1 keeps the work directory (logs),
#   BENCH_SKIP_BUILD=1 uses the jars in */target as they are.
set -euo pipefail
NODES=${1:-1000}
PER_NODE=${2:-100}
CMON_JAVA_OPTS=${CMON_JAVA_OPTS:--XX:+UseSerialGC -Xms32m -Xmx256m -XX:+ExitOnOutOfMemoryError}
LOAD_JAVA_OPTS=${BENCH_LOAD_JAVA_OPTS:--XX:+UseSerialGC -Xms256m -Xmx1g -XX:TieredStopAtLevel=1}

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
command -v java >/dev/null || die "java is needed"

work=$(mktemp -d /tmp/cmon-datacenter.XXXXXX)
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$rc" -ne 0 ] || [ -n "${BENCH_KEEP:-}" ]; then log "work directory (logs) kept: $work"; else rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ----- build: the three services' jars and the load process's classpath (the core's test-jar holds
# FakeTriton; cns-adapter's test classpath has it and dnsjava). -am: works on a fresh clone.
modules=triton-discovery,metric-proxy,cns-adapter
if [ -n "${BENCH_SKIP_BUILD:-}" ] && [ -f cns-adapter/target/bench-classpath.txt ]; then
  log "BENCH_SKIP_BUILD: using the jars and classpath in */target as they are"
else
  log "building $modules (./mvnw -B -q -o -pl $modules -am package -DskipTests)"
  build=(-B -q -pl "$modules" -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=test
    -Dmdep.outputFile=target/bench-classpath.txt)
  ./mvnw -o "${build[@]}" >"$work/build.log" 2>&1 || ./mvnw "${build[@]}" >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; die "build failed"; }
fi
mkdir -p "$work/jars"
# Run copies: a rebuild of target/ under a running service breaks its class loading.
for m in triton-discovery metric-proxy cns-adapter; do
  jar=$(ls "$m"/target/"$m"-*.jar | grep -v -e '-sources' -e '-tests' | head -n 1)
  cp "$jar" "$work/jars/$m.jar"
done
cp="container-monitor/target/classes:container-monitor/target/test-classes:$(cat cns-adapter/target/bench-classpath.txt)"

echo "== machine"
. bench/machine.sh
machine_facts
echo "commit:   $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
echo "command:  bench/datacenter/run.sh${*:+ $*}"
echo "load:     java $LOAD_JAVA_OPTS -cp <cns-adapter test classpath> bench/datacenter/Datacenter.java"
echo
args=(--nodes "$NODES" --vms-per-node "$PER_NODE" --work "$work" --jars "$work/jars"
  --modes "${BENCH_MODES:-standalone,triton}" --churn-rate "${BENCH_CHURN_RATE:-5}" --burst "${BENCH_BURST:-500}"
  --rest-seconds "${BENCH_REST_SECONDS:-20}" --churn-seconds "${BENCH_CHURN_SECONDS:-40}"
  --legacy-share "${BENCH_LEGACY_SHARE:-0}" --service-java-opts "$CMON_JAVA_OPTS")
# shellcheck disable=SC2086 # LOAD_JAVA_OPTS is a list of options
run_and_report_load java $LOAD_JAVA_OPTS -cp "$cp" bench/datacenter/Datacenter.java "${args[@]}"
