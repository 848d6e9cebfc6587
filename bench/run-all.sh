#!/usr/bin/env bash
# Runs every benchmark one after another with its defaults and keeps what each printed in
# bench/results/<UTC date and time>/<name>.txt (RESULTS.md quotes such a run).
# Needs root (the agent benchmarks make cgroups) and the Debian packages each README names.
# Usage: bench/run-all.sh [name ...]   names: collectors proxy dns discovery agent forwarder
# About 45 minutes for all on 2 cores; nothing else should run meanwhile.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [ "$(id -u)" != 0 ]; then
  echo "bench/run-all.sh: needs root (the agent benchmarks create cgroups)" >&2
  exit 1
fi
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(collectors proxy dns discovery agent forwarder)
for name in "${names[@]}"; do
  [ -x "bench/$name/run.sh" ] || { echo "bench/run-all.sh: no benchmark '$name'" >&2; exit 2; }
done

out="bench/results/$(date -u +%Y-%m-%dT%H%MZ)"
mkdir -p "$out"
./mvnw -B -q install -DskipTests   # every module and the core's test-jar, once
{
  echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo none)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')), $(free -g | awk '/^Mem:/ {print $2}') GiB, $(uname -sr)"
  echo "java:    $(java -version 2>&1 | head -n 2 | tail -n 1)"
  echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) before"
  echo "order:   ${names[*]}"
} | tee "$out/machine.txt"

status=0
for name in "${names[@]}"; do
  echo "== $name ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$out/machine.txt"
  start=$(date +%s)
  if "bench/$name/run.sh" >"$out/$name.txt" 2>&1; then
    result=ok
  else
    result="FAILED ($?)"
    status=1
  fi
  echo "   $name: $result in $(( $(date +%s) - start )) s; output in $out/$name.txt" | tee -a "$out/machine.txt"
done
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) after" | tee -a "$out/machine.txt"
exit $status
