# Sourced by the benchmarks' run.sh: the machine facts every benchmark prints first.

# date, cores and CPU model, kernel, load average and JDK, one "name: value" line each
machine_facts() {
  echo "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "cores:    $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
  echo "kernel:   $(uname -srm)"
  echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before)"
  echo "jdk:      $(java -version 2>&1 | head -n 2 | tail -n 1)"
}

# runs the benchmark's java command, then prints the load average after it; exits with its status
run_and_report_load() {
  local rc=0
  "$@" || rc=$?
  echo
  echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, after)"
  exit "$rc"
}
