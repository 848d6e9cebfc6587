#!/usr/bin/env bash
# docker-compose.yml on podman, where no Docker engine runs (as on CI's machines): Debian's
# docker-compose (1.29) against podman's Docker-compatible API on a socket of our own. Debian's
# podman-compose (1.0.3) cannot run this file: it drops pid, sysctls, dns, fixed addresses and
# subnets, and health-check conditions.
#   docker/compose-podman.sh up -d        (any docker-compose arguments; -p, -f as usual)
#   docker/compose-podman.sh down -v
#   docker/compose-podman.sh stop-engine  (the API service and health-check runner, once done)
# Podman runs health checks from systemd timers; without systemd (PID 1 here is not) nothing
# runs them, every container stays "starting" and `depends_on: condition: service_healthy`
# waits for ever. So beside the API service this runs each running container's health check
# every few seconds, as the timers would.
#   CMON_PODMAN_RUN   where the socket, pids and logs are (/run/cmon-podman)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN=${CMON_PODMAN_RUN:-/run/cmon-podman}
export CONTAINERS_CONF=${CONTAINERS_CONF:-$ROOT/docker/containers.conf}
SOCKET=$RUN/podman.sock
export DOCKER_HOST=unix://$SOCKET

log() { printf 'compose-podman: %s\n' "$*" >&2; }

alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

stop_engine() {
  local what
  for what in health api; do
    if alive "$what"; then
      kill "$(cat "$RUN/$what.pid")" 2>/dev/null || true
      log "stopped the $what process ($(cat "$RUN/$what.pid"))"
    fi
    rm -f "$RUN/$what.pid"
  done
}

start_engine() {
  mkdir -p "$RUN"
  chmod 0700 "$RUN"
  if ! alive api; then
    rm -f "$SOCKET"
    podman system service --time=0 "unix://$SOCKET" >"$RUN/api.log" 2>&1 &
    echo $! >"$RUN/api.pid"
    for _ in $(seq 100); do [ -S "$SOCKET" ] && break; sleep 0.1; done
    [ -S "$SOCKET" ] || { log "podman system service did not start: see $RUN/api.log"; exit 1; }
    log "podman API on $SOCKET (pid $(cat "$RUN/api.pid"))"
  fi
  if ! alive health; then
    # Compose projects' containers only; `podman healthcheck run` records the result (and fails
    # harmlessly for a container without a health check).
    (
      while kill -0 "$(cat "$RUN/api.pid")" 2>/dev/null; do
        for id in $(podman ps -q --filter label=com.docker.compose.project 2>/dev/null); do
          podman healthcheck run "$id" >/dev/null 2>&1 || true
        done
        sleep 3
      done
    ) >"$RUN/health.log" 2>&1 &
    echo $! >"$RUN/health.pid"
  fi
}

command -v podman >/dev/null 2>&1 || { log "podman is needed (apt-get install podman runc)"; exit 1; }
command -v docker-compose >/dev/null 2>&1 || { log "docker-compose is needed (apt-get install docker-compose)"; exit 1; }
if [ "${1:-}" = stop-engine ]; then
  stop_engine
  exit 0
fi
start_engine
cd "$ROOT"
exec docker-compose "$@"
