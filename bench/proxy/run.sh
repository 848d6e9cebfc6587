#!/usr/bin/env bash
# Benchmark: scrapes through metric-proxy vs straight to the agent, side by side.
# Usage: bench/proxy/run.sh [seconds per case, default 10] [keep-alive connections, default 16]
# Needs ssh-keygen (test keys) and the shared core in ~/.m2 (as for the module build).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
./mvnw -B -q -pl metric-proxy test-compile
cp_file="$(mktemp)"
./mvnw -B -q -pl metric-proxy dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
cp="metric-proxy/target/classes:metric-proxy/target/test-classes:$(cat "$cp_file")"
rm -f "$cp_file"
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$cp" bench/proxy/ProxyBench.java "$@"
