#!/bin/sh
# Benchmark of metric-agent with 200 and 1000 containers (real cgroups, one sleeping
# process each). Needs root. Prints a Markdown table. Usage: bench/agent/run.sh [counts]
# e.g. bench/agent/run.sh 200,1000
set -eu
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ]; then
	echo "bench/agent/run.sh: needs root (it creates cgroups)" >&2
	exit 1
fi
./mvnw -B -q -pl metric-agent -am package -DskipTests   # also compiles the benchmark (test sources); -am: fresh clones too
JAR=$(ls metric-agent/target/metric-agent-*.jar | grep -v original | head -n 1)
cd metric-agent
exec java -cp target/test-classes:target/classes io.containermonitor.agent.bench.AgentBenchmark "../$JAR" "${1:-200,1000}"
