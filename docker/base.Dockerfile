# The images docker-compose.yml runs beside our own, from Debian's packages: the JRE our
# services run on (docker/Dockerfile's JRE_IMAGE), and Redis, Prometheus and VictoriaMetrics.
# docker/local-images.sh builds every target FROM a debootstrap root file system, so that no
# registry is needed; with Docker, BASE_IMAGE=debian:bookworm-slim (the default) does the same.
#   docker build -f docker/base.Dockerfile --target prometheus -t containermonitor/prometheus:2.42 docker
# Each service has a fixed uid (its port where it has one), so that the secrets service
# (docker/secrets-sync.sh) can hand each its own key files without reading /etc/passwd.
ARG BASE_IMAGE=debian:bookworm-slim

FROM ${BASE_IMAGE} AS debian
# Packages' maintainer scripts must not try to start services in an image build.
RUN printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d

FROM debian AS jre
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless curl \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /usr/share/doc/* /usr/share/man/*

FROM debian AS redis
RUN groupadd --system --gid 6379 redis && useradd --system --uid 6379 --gid redis --home-dir /var/lib/redis redis \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /usr/share/doc/* /usr/share/man/*
USER 6379:6379
# Rate-limit buckets are soft state: nothing is saved, so the root file system stays read-only.
ENTRYPOINT ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--save", "", "--appendonly", "no", "--dir", "/tmp"]

FROM debian AS prometheus
# The package's postinst refuses a prometheus user made beforehand outside the system uid
# range, so the uid is moved after the installation.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus curl \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /usr/share/doc/* /usr/share/man/* \
 && groupmod --gid 9090 prometheus && usermod --uid 9090 --gid 9090 prometheus \
 && mkdir -p /prometheus && chown -R prometheus:prometheus /prometheus /var/lib/prometheus
USER 9090:9090
ENTRYPOINT ["/usr/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]

FROM debian AS victoria-metrics
RUN groupadd --system --gid 8428 victoria-metrics \
 && useradd --system --uid 8428 --gid victoria-metrics --home-dir /storage victoria-metrics \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends victoria-metrics curl \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /usr/share/doc/* /usr/share/man/* \
 && mkdir -p /storage && chown victoria-metrics:victoria-metrics /storage
USER 8428:8428
ENTRYPOINT ["/usr/bin/victoria-metrics"]
CMD ["-storageDataPath=/storage", "-httpListenAddr=:8428"]

# Copies each service's key files from the host's .cmon into a volume of that service's own,
# owned by it and readable by it alone (docker/secrets-sync.sh).
FROM debian AS secrets
COPY secrets-sync.sh /usr/local/bin/secrets-sync
ENTRYPOINT ["/usr/local/bin/secrets-sync"]
