#!/usr/bin/env bash
# DNS benchmark (not a test): the cns-adapter and BIND 9 serving the same zone of
# 100,000 CMON names under dnsperf, and the change-feed-event-to-answer time.
# Needs: bind9 (named), dnsperf (Debian packages: apt-get install bind9 dnsperf).
# Usage: bench/dns/run.sh [names] [seconds per server] [dnsperf clients]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
command -v dnsperf >/dev/null || { echo "dnsperf missing: apt-get install dnsperf" >&2; exit 1; }
[ -x /usr/sbin/named ] || { echo "named missing: apt-get install bind9" >&2; exit 1; }
# Test scope too: the fake VMAPI comes from the shared core's test jar.
./mvnw -B -q -pl cns-adapter compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
cp="cns-adapter/target/classes:$(cat cns-adapter/target/bench-classpath.txt)"
exec java -Xms1g -Xmx2g -cp "$cp" bench/dns/DnsBenchmark.java "$@"
