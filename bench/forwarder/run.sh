#!/usr/bin/env bash
# Benchmark: metrics-forwarder scraping 1,000 containers of 200 series each over mTLS and
# writing to two sinks. Prints samples/s forwarded and CPU per million samples.
# Usage: bench/forwarder/run.sh [measured seconds, default 60] [scrape interval, default 5s] [targets, default 1000] [series, default 200]
# Needs the shared core in ~/.m2 (as for the module build). Not a test; the build never runs it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
./mvnw -B -q -pl metrics-forwarder test-compile
cp_file="$(mktemp)"
./mvnw -B -q -pl metrics-forwarder dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
cp="metrics-forwarder/target/classes:metrics-forwarder/target/test-classes:$(cat "$cp_file")"
rm -f "$cp_file"
exec java -Xmx2g -Dsun.net.httpserver.maxIdleConnections=5000 -cp "$cp" bench/forwarder/ForwarderBench.java "$@"
