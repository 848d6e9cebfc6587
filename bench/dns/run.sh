#!/usr/bin/env bash
# DNS benchmark (not a test): the cns-adapter and BIND 9 serving the same zone of
# 100,000 CMON names under dnsperf (repeated, interleaved, medians and the ratio
# adapter/BIND), and the change-to-answer time. See README.md beside this file.
# Needs: bind9 (named), dnsperf (Debian packages: apt-get install bind9 dnsperf).
# Usage: bench/dns/run.sh [names, default 100000] [dnsperf seconds per run, default 20]
#        [dnsperf clients, default 4] [repetitions, default 3]
# Environment: BENCH_JAVA_OPTS (options of the JVM that runs the adapter and the benchmark).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
command -v dnsperf >/dev/null || { echo "dnsperf missing: apt-get install dnsperf" >&2; exit 1; }
[ -x /usr/sbin/named ] || { echo "named missing: apt-get install bind9" >&2; exit 1; }
# README's service options (SerialGC), with the smallest heap that holds a
# 100,000-name zone plus this benchmark's query list (see README).
JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xms32m -Xmx256m}

# Only this module; test scope too: the fake VMAPI comes from the shared core's test jar.
# -am: the core (and its test classes) in the same reactor, so a fresh clone needs no install.
# Offline first, online if something is missing.
build() {
  ./mvnw -B -q "$@" -pl cns-adapter -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
}
build -o >/dev/null 2>&1 || build
cp="cns-adapter/target/classes:$(cat cns-adapter/target/bench-classpath.txt)"

echo "== machine"
. bench/machine.sh
machine_facts
echo "named:    $(/usr/sbin/named -v)"
echo "dnsperf:  $(dnsperf -h 2>&1 | sed -n 's/^Version //p')"
echo "command:  bench/dns/run.sh${*:+ $*}"
echo "java:     java $JAVA_OPTS -cp cns-adapter/target/classes:\$(cat cns-adapter/target/bench-classpath.txt) bench/dns/DnsBenchmark.java${*:+ $*}"
echo
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
run_and_report_load java $JAVA_OPTS -cp "$cp" bench/dns/DnsBenchmark.java "$@"
