#!/usr/bin/env bash
# Discover latency benchmark (not a test): builds triton-discovery's classes, then runs
# DiscoverBenchmark.java against the real application in one JVM.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
./mvnw -B -q -pl triton-discovery compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
cp="triton-discovery/target/classes:$(cat triton-discovery/target/bench-classpath.txt)"
exec java -Xms1g -Xmx2g -cp "$cp" bench/discovery/DiscoverBenchmark.java
