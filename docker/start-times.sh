#!/usr/bin/env bash
# Image size and start time of each service of docker-compose.yml, for bench/RESULTS.md: the
# project is brought up (on podman, docker/compose-podman.sh), then each service in turn is
# stopped and started again, and timed from `start` until its own health check passes (polled
# every 0.25 s), with everything it depends on running. Prints one markdown row per service.
# Run it alone on the machine (cpu-exclusive here); images from docker/local-images.sh.
#   docker/start-times.sh [rounds, default 3]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
ROUNDS=${1:-3}
export CONTAINERS_CONF=${CONTAINERS_CONF:-$ROOT/docker/containers.conf}
work=$(mktemp -d /tmp/cmon-start-times.XXXXXX)
export CMON_HOME=$work/cmon CMON_PODMAN_RUN=$work/podman CMON_NET=${CMON_NET:-172.28.231}
export CMON_PROXY_PORT=29163 CMON_PROMETHEUS_PORT=29090 CMON_VICTORIA_PORT=28428
project=cmonbench$$
compose() { docker/compose-podman.sh -p "$project" -f docker-compose.yml -f docker/compose.local.yml "$@"; }
cleanup() {
  compose down -v -t 5 >/dev/null 2>&1 || true
  docker/compose-podman.sh stop-engine >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
./cmon certs >/dev/null
export CMON_ACCOUNT_UUID=$(cat "$CMON_HOME/tls/dev.uuid")
compose up -d >/dev/null 2>&1
services=$(compose config --services | grep -vx grafana)
container_of() { podman ps -q --filter "label=com.docker.compose.project=$project" --filter "label=com.docker.compose.service=$1"; }
for service in $services; do
  id=$(container_of "$service")
  until podman healthcheck run "$id" >/dev/null 2>&1; do sleep 1; done
done
echo "| service | image | size (MB) | start to healthy (s), $ROUNDS rounds |"
echo "|---|---|---|---|"
for service in $services; do
  id=$(container_of "$service")
  image=$(podman inspect --format '{{.ImageName}}' "$id")
  size=$(podman image inspect --format '{{.Size}}' "$image")
  times=()
  for _ in $(seq "$ROUNDS"); do
    podman stop -t 10 "$id" >/dev/null
    start=$(date +%s.%N)
    podman start "$id" >/dev/null
    until podman healthcheck run "$id" >/dev/null 2>&1; do sleep 0.25; done
    times+=("$(echo "$(date +%s.%N) - $start" | bc)")
  done
  printf '| %s | %s | %d | %s |\n' "$service" "${image#localhost/}" $((size / 1000000)) \
    "$(printf '%.1f ' "${times[@]}" | sed 's/ $//')"
done
