#!/usr/bin/env bash
# Discover latency benchmark (not a test): builds triton-discovery's classes, then runs
# DiscoverBenchmark.java against the real application in one JVM, R times over.
# See README.md beside this file.
# Usage: bench/discovery/run.sh [repetitions, default 3]
# Environment: BENCH_JAVA_OPTS (options of the JVM that runs the service and the benchmark).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# README's service options (SerialGC, -Xms32m), with the smallest heap that holds the
# 100,000-VM inventory and the 10,000-container answers: 256m is enough (about 60 MiB live).
JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xms32m -Xmx256m -XX:+ExitOnOutOfMemoryError}

# This module and the core in one reactor (-am: works on a fresh clone). Offline first, online if
# something is missing.
build() {
  ./mvnw -B -q "$@" -pl triton-discovery -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
}
build -o >/dev/null 2>&1 || build
cp="triton-discovery/target/classes:$(cat triton-discovery/target/bench-classpath.txt)"

echo "== machine"
. bench/machine.sh
machine_facts
echo "command:  bench/discovery/run.sh${*:+ $*}"
echo "java:     java $JAVA_OPTS -cp triton-discovery/target/classes:\$(cat triton-discovery/target/bench-classpath.txt) bench/discovery/DiscoverBenchmark.java${*:+ $*}"
echo
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
run_and_report_load java $JAVA_OPTS -cp "$cp" bench/discovery/DiscoverBenchmark.java "$@"
