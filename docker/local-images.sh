#!/usr/bin/env bash
# Builds every image docker-compose.yml runs, with the tags it names, from Debian's packages and
# docker/Dockerfile, so that no registry is needed (Grafana's excepted: docker/compose.local.yml).
#   ./mvnw -DskipTests package && docker/local-images.sh
# With podman (the default when installed) the base is a debootstrap root file system imported
# as containermonitor/debian:bookworm; CMON_BASE_IMAGE=debian:bookworm-slim uses a pulled one
# instead (with Docker, CMON_ENGINE=docker). An image whose inputs (Dockerfile, jar, base
# image) have not changed is kept, so a second run takes seconds.
#   CMON_ENGINE        podman | docker
#   CMON_IMAGE_CACHE   where debootstrap's root file system is kept (/var/cache/cmon-images)
#   CMON_DEBIAN_MIRROR http://deb.debian.org/debian
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

ENGINE=${CMON_ENGINE:-$(command -v podman >/dev/null 2>&1 && echo podman || echo docker)}
if [ "$ENGINE" = podman ]; then
  export CONTAINERS_CONF=${CONTAINERS_CONF:-$ROOT/docker/containers.conf}
fi
CACHE=${CMON_IMAGE_CACHE:-/var/cache/cmon-images}
MIRROR=${CMON_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
MODULES=(metric-agent metric-proxy triton-discovery cns-adapter metrics-forwarder)
# The root pom.xml's own <version>, not its parent's (as ./cmon reads it).
VERSION=$(sed -e "/<parent>/,/<\/parent>/d" pom.xml | sed -n "s:.*<version>\([^<]*\)</version>.*:\1:p;T;q")
RELEASE=${VERSION%-SNAPSHOT}

log() { printf 'local-images: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

image_id() { "$ENGINE" image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }
image_label() { "$ENGINE" image inspect --format "{{index .Config.Labels \"$2\"}}" "$1" 2>/dev/null || true; }

# build <tag> <inputs key> <build args...>: skipped when the image was built from the same inputs.
build() {
  local tag=$1 key=$2 old start
  shift 2
  if [ "$(image_label "$tag" io.containermonitor.inputs)" = "$key" ]; then
    log "$tag is current"
    return 0
  fi
  old=$(image_id "$tag")
  start=$(date +%s)
  "$ENGINE" build -q --label "io.containermonitor.inputs=$key" -t "$tag" "$@" >/dev/null \
    || die "building $tag failed: $ENGINE build -t $tag $*"
  log "$tag built in $(( $(date +%s) - start )) s"
  # The image this one replaces, unless something else still names it.
  if [ -n "$old" ] && [ "$old" != "$(image_id "$tag")" ]; then
    "$ENGINE" image rm "$old" >/dev/null 2>&1 || true
  fi
}

# The Debian base, without a registry: debootstrap's minimal system, kept per ISO week in
# $CACHE (so security updates arrive within a week) and imported once.
base_from_debootstrap() {
  local tag=containermonitor/debian:$SUITE week key tarball rootfs
  command -v debootstrap >/dev/null 2>&1 || die "debootstrap is needed (apt-get install debootstrap), or set CMON_BASE_IMAGE"
  week=$(date -u +%G-W%V)
  key=$(printf '%s\n' "$SUITE" "$MIRROR" minbase "$week" | sha256sum | cut -c1-16)
  if [ "$(image_label "$tag" io.containermonitor.inputs)" = "$key" ]; then
    log "$tag is current"
    BASE_IMAGE=$tag
    return 0
  fi
  tarball=$CACHE/debian-$SUITE-minbase-$key.tar
  if [ ! -f "$tarball" ]; then
    mkdir -p "$CACHE"
    rootfs=$(mktemp -d "$CACHE/rootfs.XXXXXX")
    trap 'rm -rf "$rootfs"' EXIT
    log "debootstrap $SUITE from $MIRROR (about 2 minutes)"
    debootstrap --variant=minbase "$SUITE" "$rootfs" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
      || die "debootstrap failed: see $CACHE/debootstrap.log"
    # What an image needs no copy of: downloaded packages, package lists, documentation.
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* \
      "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/var/log/*.log \
      "$rootfs"/tmp/* "$rootfs"/root/.bash_history
    # debootstrap writes the build machine's own; an image must not carry them.
    : > "$rootfs/etc/hostname"
    rm -f "$rootfs/etc/machine-id"
    printf '%s\n' "deb $MIRROR $SUITE main" "deb $MIRROR $SUITE-updates main" \
      "deb http://deb.debian.org/debian-security $SUITE-security main" > "$rootfs/etc/apt/sources.list"
    tar -C "$rootfs" --numeric-owner -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs"
    trap - EXIT
    # Earlier weeks' root file systems.
    find "$CACHE" -maxdepth 1 -name "debian-$SUITE-minbase-*.tar" ! -name "$(basename "$tarball")" -delete
  fi
  local old
  old=$(image_id "$tag")
  "$ENGINE" import --change "LABEL io.containermonitor.inputs=$key" --change 'CMD ["/bin/bash"]' \
    "$tarball" "$tag" >/dev/null
  [ -n "$old" ] && [ "$old" != "$(image_id "$tag")" ] && { "$ENGINE" image rm "$old" >/dev/null 2>&1 || true; }
  log "$tag imported from $tarball"
  BASE_IMAGE=$tag
}

for module in "${MODULES[@]}"; do
  jar=$module/target/$module-$VERSION.jar
  [ -f "$jar" ] || die "$jar is missing: ./mvnw -DskipTests package first"
done

if [ -n "${CMON_BASE_IMAGE:-}" ]; then
  BASE_IMAGE=$CMON_BASE_IMAGE
else
  base_from_debootstrap
fi
base_id=$(image_id "$BASE_IMAGE")
[ -n "$base_id" ] || die "no base image $BASE_IMAGE"

base_inputs=$(cat docker/base.Dockerfile docker/secrets-sync.sh | sha256sum | cut -c1-16)
declare -A base_tags=(
  [jre]=containermonitor/jre:17
  [redis]=containermonitor/redis:7.0
  [prometheus]=containermonitor/prometheus:2.42
  [victoria-metrics]=containermonitor/victoria-metrics:1.79
  [secrets]=containermonitor/secrets:1
)
for target in jre redis prometheus victoria-metrics secrets; do
  build "${base_tags[$target]}" "$base_inputs-${base_id:0:16}" \
    -f docker/base.Dockerfile --target "$target" --build-arg "BASE_IMAGE=$BASE_IMAGE" docker
done

jre_id=$(image_id containermonitor/jre:17)
for module in "${MODULES[@]}"; do
  key=$( (cat docker/Dockerfile "$module/target/$module-$VERSION.jar"; echo "$jre_id") | sha256sum | cut -c1-16)
  build "containermonitor/$module:$RELEASE" "$key" \
    -f docker/Dockerfile --build-arg "MODULE=$module" --build-arg "JRE_IMAGE=containermonitor/jre:17" .
done
# The multi-stage builds' first stages (they carry our label; no one else's image is touched).
"$ENGINE" image prune -f --filter label=io.containermonitor.inputs >/dev/null
log "done: $("$ENGINE" images --format '{{.Repository}}:{{.Tag}}' | grep -c containermonitor/) containermonitor images"
