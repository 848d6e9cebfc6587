#!/bin/bash
# Agent vs Netdata (cgroups), collectd (cgroups) and node_exporter, side by side in one run.
# Needs root (it creates cgroups). Usage: bench/collectors/run.sh [counts] [minutes]
#   bench/collectors/run.sh              # N = 100 and 1000, 5-minute window (about 25 min)
#   bench/collectors/run.sh 100 1        # quick mode for development (about 4 min)
# Prints Markdown tables on stdout, progress on stderr. See bench/collectors/README.md.
set -euo pipefail

COUNTS=${1:-100,1000}
MINUTES=${2:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CMDLINE="bench/collectors/run.sh $* (counts $COUNTS, minutes $MINUTES)"

if [ "$(id -u)" != 0 ]; then
	echo "bench/collectors/run.sh: needs root (it creates cgroups)" >&2
	exit 1
fi
for c in java python3 netdata collectd prometheus-node-exporter stress-ng; do
	command -v "$c" >/dev/null || { echo "bench/collectors/run.sh: $c not found" >&2; exit 1; }
done
[ -e /usr/lib/collectd/write_prometheus.so ] && [ -e /usr/lib/collectd/cgroups.so ] || {
	echo "bench/collectors/run.sh: collectd cgroups/write_prometheus plugins missing" >&2; exit 1; }

RID=$$
WORK=$(mktemp -d /tmp/cmon-bench-collectors.XXXXXX)
PY=

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	set +e
	if [ -n "$PY" ] && kill -0 "$PY" 2>/dev/null; then
		kill -TERM "$PY" 2>/dev/null                        # the measuring program stops its tools itself
		for _ in $(seq 1 60); do kill -0 "$PY" 2>/dev/null || break; sleep 0.5; done
		kill -KILL "$PY" 2>/dev/null
	fi
	# Every process the run started lives in a cgroup named cmon-bench-$RID-* (the
	# containers' sleep/stress-ng and the tools with all their children): kill what is
	# left there, then remove those cgroups, deepest first.
	for ctl in cpu cpuacct memory blkio pids; do
		for top in /sys/fs/cgroup/$ctl/cmon-bench-$RID-*; do
			[ -d "$top" ] || continue
			for _ in 1 2 3 4 5; do
				pids=$(find "$top" -name cgroup.procs -exec cat {} + 2>/dev/null)
				[ -z "$pids" ] && break
				kill -KILL $pids 2>/dev/null
				sleep 0.2
			done
			find "$top" -depth -type d -exec rmdir {} \; 2>/dev/null
			[ -d "$top" ] && echo "bench/collectors: could not remove $top" >&2
		done
	done
	if [ "$rc" = 0 ]; then
		rm -rf "$WORK"
	else
		echo "bench/collectors: failed or interrupted (exit $rc); logs kept in $WORK" >&2
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "building metric-agent..." >&2
cd "$ROOT"
# -am: the core and the parent are built in the same reactor, so a fresh clone needs no install first.
./mvnw -B -q -o -pl metric-agent -am package -DskipTests >&2 || ./mvnw -B -q -pl metric-agent -am package -DskipTests >&2
JAR=$(ls "$ROOT"/metric-agent/target/metric-agent-*.jar | grep -v original | head -n 1)

# In the background so that a signal to this script is handled at once (bash runs
# traps only after a foreground child returns).
python3 "$HERE/bench.py" --jar "$JAR" --counts "$COUNTS" --minutes "$MINUTES" \
	--workdir "$WORK" --rid "$RID" --cmdline "$CMDLINE" &
PY=$!
wait "$PY"
