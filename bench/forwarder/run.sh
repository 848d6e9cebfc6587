#!/usr/bin/env bash
# Benchmark: metrics-forwarder scraping 1,000 containers of 200 series each over mTLS and
# writing to its four sinks (InfluxDB, Graphite, remote write, OTLP), each into a discard
# server. Prints samples/s forwarded per sink and CPU per million samples.
# Usage: bench/forwarder/run.sh [measured seconds, default 60] [scrape interval, default 5s] [targets, default 1000] [series, default 200]
# Builds the module and the shared core in this checkout (nothing is installed). Not a test; the build never runs it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. bench/machine.sh
cp_file="$(mktemp)"
# One invocation: only within a build that reaches test-compile does the reactor hand out the core's classes.
./mvnw -B -q -pl metrics-forwarder -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file"
cp="metrics-forwarder/target/classes:metrics-forwarder/target/test-classes:$(cat "$cp_file")"
rm -f "$cp_file"
machine_facts
echo "commit:   $(git rev-parse --short HEAD 2>/dev/null || echo none)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
echo "command:  bench/forwarder/run.sh $*"
run_and_report_load java -Xmx2g -Dsun.net.httpserver.maxIdleConnections=5000 -cp "$cp" bench/forwarder/ForwarderBench.java "$@"
