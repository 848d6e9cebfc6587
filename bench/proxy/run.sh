#!/usr/bin/env bash
# Benchmark: the same scrape (a) straight to the agent, (b) through nginx as an mTLS reverse proxy,
# (c) through metric-proxy (mTLS, account key check, authorisation, rate limiting, inventory look-up).
# Every party is its own process: the "world" JVM (fake VMAPI/CNAPI + stand-in agent), metric-proxy
# from its packaged jar, nginx, and the load client JVM. See README.md beside this file.
#
# Usage: bench/proxy/run.sh [seconds per run, default 10] [connections, default 16] [repetitions, default 3]
# Environment: BENCH_WARMUP (requests per case before the first run, default 50000),
#   BENCH_VMS (target VMs, default 4), BENCH_BODY (the agent's answer, default the agent's golden
#   container scrape), CMON_JAVA_OPTS (JVM options of the suite's services, default README's),
#   BENCH_CLIENT_JAVA_OPTS, BENCH_NGINX_VERIFY (on | optional_no_ca, default on), BENCH_TLS_CIPHERS
#   (the client's TLS cipher suites, default TLS_AES_128_GCM_SHA256), BENCH_KEEP=1 keeps
#   the work directory (configuration, certificates, logs), BENCH_PROXY_ARGS (extra arguments for
#   metric-proxy, e.g. '--management.observations.enable.all=false').
set -euo pipefail

SECONDS_PER_RUN=${1:-10}
CONNECTIONS=${2:-16}
REPS=${3:-3}
WARMUP=${BENCH_WARMUP:-50000}
NVMS=${BENCH_VMS:-4}
# README's JVM options for the suite's services (the same default as ./cmon's CMON_JAVA_OPTS).
CMON_JAVA_OPTS=${CMON_JAVA_OPTS:--XX:+UseSerialGC -Xms32m -Xmx256m -XX:+ExitOnOutOfMemoryError}
CLIENT_JAVA_OPTS=${BENCH_CLIENT_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx256m}
NGINX_VERIFY=${BENCH_NGINX_VERIFY:-on}
# One TLS cipher suite for both TLS cases (left alone, nginx picks AES-256 and the JDK AES-128).
TLS_CIPHERS=${BENCH_TLS_CIPHERS:-TLS_AES_128_GCM_SHA256}
NGINX=${NGINX:-/usr/sbin/nginx}
DC=bench
SUFFIX=cns.test
ZONE="cmon.$DC.$SUFFIX"
LOGIN=bench

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
BODY=${BENCH_BODY:-$root/metric-agent/src/test/resources/golden/container-docker.prom}

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
for tool in java "$NGINX" openssl ssh-keygen curl; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is needed (nginx: apt-get install nginx)"
done
[ -f "$BODY" ] || die "no agent body at $BODY"

work=$(mktemp -d /tmp/cmon-proxy-bench.XXXXXX)
pids=()
cleanup() {
  local rc=$? pid i
  trap - EXIT INT TERM
  # nginx and the proxy first, the world (their upstream) last
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$rc" -ne 0 ] || [ -n "${BENCH_KEEP:-}" ]; then
    log "work directory (configuration, logs) kept: $work"
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ----- build -----
# -am: the core (and its test-jar, FakeTriton) come from this checkout, not from ~/.m2, so nothing
# needs installing first. dependency:build-classpath runs for each module of the reactor; the last,
# metric-proxy's test classpath, is the one left in the file (the world JVM needs FakeTriton and
# reactor-netty).
classpath_file=metric-proxy/target/bench.classpath
if [ -n "${BENCH_SKIP_BUILD:-}" ] && [ -f "$classpath_file" ]; then
  log "BENCH_SKIP_BUILD: using the jar and classpath in metric-proxy/target as they are"
else
  log "building metric-proxy (./mvnw -B -q -o -pl metric-proxy -am package -DskipTests)"
  build=(-B -q -pl metric-proxy -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=test
    -Dmdep.outputFile="$root/$classpath_file")
  ./mvnw -o "${build[@]}" >"$work/build.log" 2>&1 \
    || ./mvnw "${build[@]}" >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; die "build failed"; }
fi
jar=$(ls metric-proxy/target/metric-proxy-*.jar | grep -v -e '-sources' -e '-tests' | head -n 1)
# Run a copy: a rebuild of target/ (another run's package step) under a running proxy breaks its class loading.
cp "$jar" "$work/metric-proxy.jar"
world_cp=$(cat "$classpath_file")

# ----- keys and certificates, made as ./cmon makes them -----
tls=$work/tls
mkdir -p "$tls"
(
  cd "$tls"
  # The account's SSH key, and a `triton profile cmon-certgen` style client certificate:
  # subject CN=<login>, issuer CN=MD5:<key fingerprint>, signed by the SSH key, clientAuth + joyentCmon.
  ssh-keygen -q -t ecdsa -b 256 -N '' -C "$LOGIN@bench" -f "$LOGIN.id_ecdsa"
  cp "$LOGIN.id_ecdsa" "$LOGIN.id_ecdsa.pem"
  ssh-keygen -q -p -N '' -m PEM -f "$LOGIN.id_ecdsa.pem" >/dev/null
  fp=$(awk '{print $2}' "$LOGIN.id_ecdsa.pub" | base64 -d | openssl dgst -md5 -binary | base64 | tr -d '=')
  cn=$(printf 'MD5:%s' "$fp" | sed 's/[+\/]/\\&/g')
  openssl req -new -x509 -key "$LOGIN.id_ecdsa.pem" -subj "/CN=$cn" -days 30 -out issuer.pem 2>/dev/null
  openssl ecparam -name prime256v1 -genkey -noout -out client-key.pem
  openssl pkcs8 -topk8 -nocrypt -in client-key.pem -out client-key.pk8.pem
  openssl req -new -key client-key.pem -subj "/CN=$LOGIN" -out client.csr
  printf 'keyUsage = critical, digitalSignature, nonRepudiation\nextendedKeyUsage = clientAuth, 1.3.6.1.4.1.38678.1.4.2\n' >client.ext
  openssl x509 -req -in client.csr -CA issuer.pem -CAkey "$LOGIN.id_ecdsa.pem" -CAcreateserial -days 30 \
    -extfile client.ext -out client-cert.pem 2>/dev/null
  # Tenant A of the brown-out case ('flood'), the same way.
  ssh-keygen -q -t ecdsa -b 256 -N '' -C "flood@bench" -f flood.id_ecdsa
  cp flood.id_ecdsa flood.id_ecdsa.pem
  ssh-keygen -q -p -N '' -m PEM -f flood.id_ecdsa.pem >/dev/null
  ffp=$(awk '{print $2}' flood.id_ecdsa.pub | base64 -d | openssl dgst -md5 -binary | base64 | tr -d '=')
  fcn=$(printf 'MD5:%s' "$ffp" | sed 's/[+\/]/\\&/g')
  openssl req -new -x509 -key flood.id_ecdsa.pem -subj "/CN=$fcn" -days 30 -out flood-issuer.pem 2>/dev/null
  openssl ecparam -name prime256v1 -genkey -noout -out flood-client-key.pem
  openssl pkcs8 -topk8 -nocrypt -in flood-client-key.pem -out flood-client-key.pk8.pem
  openssl req -new -key flood-client-key.pem -subj "/CN=flood" -out flood-client.csr
  openssl x509 -req -in flood-client.csr -CA flood-issuer.pem -CAkey flood.id_ecdsa.pem -CAcreateserial -days 30 \
    -extfile client.ext -out flood-client-cert.pem 2>/dev/null
  # A CA and the server certificate for cmon.<dc>.<suffix> and *.cmon.<dc>.<suffix> (proxy and nginx alike).
  openssl ecparam -name prime256v1 -genkey -noout -out ca-key.pem
  openssl req -new -x509 -key ca-key.pem -subj "/CN=cmon bench CA" -days 30 \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign -out ca.pem 2>/dev/null
  openssl ecparam -name prime256v1 -genkey -noout -out server-key.pem
  openssl req -new -key server-key.pem -subj "/CN=$ZONE" -out server.csr
  printf 'subjectAltName = DNS:%s, DNS:*.%s\nextendedKeyUsage = serverAuth\nkeyUsage = critical, digitalSignature\n' \
    "$ZONE" "$ZONE" >server.ext
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 \
    -extfile server.ext -out server-cert.pem 2>/dev/null
) || die "could not make the keys and certificates"
owner=$(cat /proc/sys/kernel/random/uuid)
flood_owner=$(cat /proc/sys/kernel/random/uuid)
# Tenant A's rate limit in the brown-out case (requests/s and burst); it floods at 20 times this.
FLOOD_LIMIT=${BENCH_FLOOD_LIMIT:-100}
# Tenant B's steady rate there (Prometheus-like: many targets at a fixed interval).
STEADY_RATE=${BENCH_STEADY_RATE:-50}
CASES=${BENCH_CASES:-scrape discover handshake brownout}

# ----- the world: fake VMAPI/CNAPI + stand-in agent -----
log "starting the world JVM (fake VMAPI/CNAPI, stand-in agent)"
# shellcheck disable=SC2086
java $CMON_JAVA_OPTS -cp "$world_cp" bench/proxy/World.java "$work/world.env" "$BODY" "$owner" "$NVMS" "$flood_owner" \
  >"$work/world.log" 2>&1 </dev/null &
world_pid=$!
pids+=("$world_pid")
for _ in $(seq 1 600); do
  [ -f "$work/world.env" ] && break
  kill -0 "$world_pid" 2>/dev/null || { cat "$work/world.log" >&2; die "the world JVM exited"; }
  sleep 0.2
done
[ -f "$work/world.env" ] || die "the world JVM did not start; see $work/world.log"
# shellcheck disable=SC1091
. "$work/world.env"
first_vm=${VMS%%,*}

# ----- metric-proxy, from its jar -----
cat >"$work/accounts.yml" <<EOF
- login: $LOGIN
  uuid: $owner
  operator: false
  keys:
    - "$(cat "$tls/$LOGIN.id_ecdsa.pub")"
- login: flood
  uuid: $flood_owner
  operator: false
  keys:
    - "$(cat "$tls/flood.id_ecdsa.pub")"
EOF
cat >"$work/metric-proxy.yml" <<EOF
server: { address: 127.0.0.1, port: $PROXY_PORT }
management.server: { address: 127.0.0.1, port: $PROXY_MGMT_PORT }
cmon.triton:
  vmapi-url: $TRITON_URL
  cnapi-url: $TRITON_URL
  service: metric-proxy
cmon.proxy:
  datacenter: $DC
  dns-suffix: $SUFFIX
  accounts-file: $work/accounts.yml
  tls: { certificate: $tls/server-cert.pem, private-key: $tls/server-key.pem }
  # On for every (non-operator) account: the default 100/s (burst 1000), for the scraping account
  # high enough that no request is a 429, for the brown-out case's tenant A its own.
  rate-limit:
    replenish-rate: 100
    burst-capacity: 1000
    operator-exempt: true
    store: memory
    overrides:
      $LOGIN: { replenish-rate: 1000000, burst-capacity: 1000000 }
      flood: { replenish-rate: $FLOOD_LIMIT, burst-capacity: $FLOOD_LIMIT }
    # The per-address limit on new connections, above what the handshake case opens from one
    # address, so that it never refuses here (tenant A connects from 127.0.0.2).
    new-connections-per-second: 1000
    new-connection-burst: 10000
  discovery: { url: "http://127.0.0.1:$AGENT_PORT" }
EOF
log "starting metric-proxy ($jar)"
# shellcheck disable=SC2086
java $CMON_JAVA_OPTS ${BENCH_PROXY_JAVA_OPTS:-} -jar "$work/metric-proxy.jar" --spring.config.additional-location="file:$work/metric-proxy.yml" ${BENCH_PROXY_ARGS:-} \
  >"$work/metric-proxy.log" 2>&1 </dev/null &
proxy_pid=$!
pids+=("$proxy_pid")

# ----- further metric-proxies to compare in the same run (BENCH_PROXY_VARIANTS) -----
# 'label|jar|arguments|JVM options|java;...': another jar (empty: this build), other arguments, JVM
# options added to CMON_JAVA_OPTS and/or another java (e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java),
# each on its own ports with the same configuration, e.g.
# 'proxy-openssl||--cmon.proxy.tls.provider=openssl;before|/tmp/old.jar|;small||-Xmx96m'.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
variant_cases=()
variant_waits=()
if [ -n "${BENCH_PROXY_VARIANTS:-}" ]; then
  IFS=';' read -ra variants <<<"$BENCH_PROXY_VARIANTS"
  for variant in "${variants[@]}"; do
    IFS='|' read -r vlabel vjar vargs vjvm vjava <<<"$variant"
    vport=$(free_port)
    vmgmt=$(free_port)
    cp "${vjar:-$jar}" "$work/$vlabel.jar"
    log "starting $vlabel (${vjar:-$jar} $vargs, JVM $CMON_JAVA_OPTS ${BENCH_PROXY_JAVA_OPTS:-} ${vjvm:-}) on port $vport"
    echo "variant $vlabel: ${vjar:-this build} ${vargs:-} JVM: ${vjava:-java} ($("${vjava:-java}" -version 2>&1 | sed -n 2p)) $CMON_JAVA_OPTS ${BENCH_PROXY_JAVA_OPTS:-} ${vjvm:-}" >>"$work/variants.txt"
    # shellcheck disable=SC2086
    "${vjava:-java}" $CMON_JAVA_OPTS ${BENCH_PROXY_JAVA_OPTS:-} ${vjvm:-} -jar "$work/$vlabel.jar" \
      --spring.config.additional-location="file:$work/metric-proxy.yml" --server.port="$vport" \
      --management.server.port="$vmgmt" ${BENCH_PROXY_ARGS:-} $vargs >"$work/$vlabel.log" 2>&1 </dev/null &
    vpid=$!
    pids+=("$vpid")
    variant_cases+=(--case "$vlabel|https://127.0.0.1:$vport|/metrics|{vm}.$ZONE:$vport|$vpid" --ratio "$vlabel/nginx")
    variant_waits+=("$vlabel $vpid $vport")
  done
fi

# ----- nginx -----
mkdir -p "$work/nginx/temp"
zone_re=$(printf '%s' "$ZONE" | sed 's/\./\\./g')
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes $(nproc);
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;                       # metric-proxy does not log requests either
  client_body_temp_path $work/nginx/temp/body;
  proxy_temp_path $work/nginx/temp/proxy;
  fastcgi_temp_path $work/nginx/temp/fastcgi;
  uwsgi_temp_path $work/nginx/temp/uwsgi;
  scgi_temp_path $work/nginx/temp/scgi;
  keepalive_requests 100000000;         # never close a client connection (metric-proxy does not)
  keepalive_timeout 300s;
  ssl_protocols TLSv1.2 TLSv1.3;
  ssl_certificate $tls/server-cert.pem;
  ssl_certificate_key $tls/server-key.pem;
  upstream agent {
    server 127.0.0.1:$AGENT_PORT;
    keepalive 64;
    keepalive_requests 100000000;
  }
  server {                              # any other Host: 404
    listen 127.0.0.1:$NGINX_PORT ssl default_server;
    return 404;
  }
  server {                              # <vm uuid>.cmon.<dc>.<suffix>/metrics -> agent /v1/<uuid>/metrics
    listen 127.0.0.1:$NGINX_PORT ssl;
    server_name "~^(?<vm>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.$zone_re\$";
    # The client certificate is checked against its issuer, the account key's self-signed
    # certificate (optional_no_ca: not checked at all). nginx cannot tie it to an account.
    ssl_verify_client $NGINX_VERIFY;
    ssl_client_certificate $tls/issuer.pem;
    ssl_verify_depth 1;
    location = /metrics {
      proxy_pass http://agent/v1/\$vm/metrics;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_connect_timeout 2s;
      proxy_read_timeout 8s;
    }
    location / { return 404; }
  }
  server {                              # cmon.<dc>.<suffix>/v1/discover -> the stand-in discovery
    listen 127.0.0.1:$NGINX_PORT ssl;
    server_name $ZONE;
    ssl_verify_client $NGINX_VERIFY;
    ssl_client_certificate $tls/issuer.pem;
    ssl_verify_depth 1;
    location = /v1/discover {
      proxy_pass http://agent/v1/discover;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_connect_timeout 2s;
      proxy_read_timeout 8s;
    }
    location / { return 404; }
  }
}
EOF
"$NGINX" -t -q -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>"$work/nginx/test.log" \
  || { cat "$work/nginx/test.log" >&2; die "nginx rejects its configuration"; }
log "starting nginx"
"$NGINX" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' >"$work/nginx/stdout.log" 2>&1 </dev/null &
nginx_pid=$!
pids+=("$nginx_pid")

# ----- wait until every path answers 200 -----
scrape() { # port -> status of one mTLS scrape of the first VM
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert "$tls/ca.pem" --cert "$tls/client-cert.pem" \
    --key "$tls/client-key.pem" --resolve "$first_vm.$ZONE:$1:127.0.0.1" "https://$first_vm.$ZONE:$1/metrics" || true
}
wait_for() { # name pid command...
  local name=$1 pid=$2; shift 2
  for _ in $(seq 1 600); do
    [ "$("$@")" = 200 ] && return
    kill -0 "$pid" 2>/dev/null || die "$name exited; see $work"
    sleep 0.2
  done
  die "$name does not answer 200; see $work"
}
wait_for agent "$world_pid" curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$AGENT_PORT/v1/$first_vm/metrics"
wait_for nginx "$nginx_pid" scrape "$NGINX_PORT"
wait_for metric-proxy "$proxy_pid" scrape "$PROXY_PORT"
for w in "${variant_waits[@]}"; do
  read -r vlabel vpid vport <<<"$w"
  wait_for "$vlabel" "$vpid" scrape "$vport"
done
[ "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$tls/ca.pem" --resolve "$first_vm.$ZONE:$PROXY_PORT:127.0.0.1" \
  "https://$first_vm.$ZONE:$PROXY_PORT/metrics")" = 401 ] || die "metric-proxy answers a scrape without a certificate"

# ----- facts -----
common=(--seconds "$SECONDS_PER_RUN" --connections "$CONNECTIONS" --reps "$REPS"
  --clk-tck "$(getconf CLK_TCK)" --upstream-pid "$world_pid" --vms "$VMS" --body-bytes "$BODY_BYTES"
  --ca "$tls/ca.pem" --cert "$tls/client-cert.pem" --key "$tls/client-key.pk8.pem" --tls-ciphers "$TLS_CIPHERS"
  --upstream-accepted "http://127.0.0.1:$AGENT_PORT/bench/accepted")
scrape_cmd=(java $CLIENT_JAVA_OPTS bench/proxy/LoadClient.java "${common[@]}" --warmup "$WARMUP"
  --alloc "metric-proxy|http://127.0.0.1:$PROXY_MGMT_PORT/actuator/prometheus"
  --case "straight|http://127.0.0.1:$AGENT_PORT|/v1/{vm}/metrics|127.0.0.1:$AGENT_PORT|$world_pid"
  --case "nginx|https://127.0.0.1:$NGINX_PORT|/metrics|{vm}.$ZONE:$NGINX_PORT|$nginx_pid"
  --case "metric-proxy|https://127.0.0.1:$PROXY_PORT|/metrics|{vm}.$ZONE:$PROXY_PORT|$proxy_pid"
  "${variant_cases[@]}"
  --ratio metric-proxy/nginx --ratio metric-proxy/straight)
discover_cmd=(java $CLIENT_JAVA_OPTS bench/proxy/LoadClient.java "${common[@]}" --warmup "$((WARMUP / 2))"
  --alloc "metric-proxy|http://127.0.0.1:$PROXY_MGMT_PORT/actuator/prometheus"
  --case "straight|http://127.0.0.1:$AGENT_PORT|/v1/discover|127.0.0.1:$AGENT_PORT|$world_pid|$DISCOVER_BYTES"
  --case "nginx|https://127.0.0.1:$NGINX_PORT|/v1/discover|$ZONE:$NGINX_PORT|$nginx_pid|$DISCOVER_BYTES"
  --case "metric-proxy|https://127.0.0.1:$PROXY_PORT|/v1/discover|$ZONE:$PROXY_PORT|$proxy_pid|$DISCOVER_BYTES"
  --ratio metric-proxy/nginx --ratio metric-proxy/straight)
handshake_cmd=(java $CLIENT_JAVA_OPTS bench/proxy/LoadClient.java "${common[@]}" --mode handshake
  --warmup "${BENCH_HANDSHAKE_WARMUP:-4000}"
  --case "nginx|https://127.0.0.1:$NGINX_PORT|/metrics|{vm}.$ZONE:$NGINX_PORT|$nginx_pid"
  --case "metric-proxy|https://127.0.0.1:$PROXY_PORT|/metrics|{vm}.$ZONE:$PROXY_PORT|$proxy_pid"
  "${variant_cases[@]}"
  --ratio metric-proxy/nginx)
brownout_cmd=(java $CLIENT_JAVA_OPTS bench/proxy/LoadClient.java "${common[@]}" --mode brownout
  --seconds "${BENCH_BROWNOUT_SECONDS:-$((SECONDS_PER_RUN * 2))}"
  --identity "flood|$tls/flood-client-cert.pem|$tls/flood-client-key.pk8.pem|127.0.0.2"
  --brownout-a-limit "$FLOOD_LIMIT" --brownout-b-rate "$STEADY_RATE"
  --brownout-b "B (bench)|https://127.0.0.1:$PROXY_PORT|/metrics|{vm}.$ZONE:$PROXY_PORT|$proxy_pid"
  --brownout-a "A (flood)|https://127.0.0.1:$PROXY_PORT|/metrics|$FLOOD_VM.$ZONE:$PROXY_PORT|$proxy_pid|-1|flood"
  --brownout-a-hang "A (flood) hung|https://127.0.0.1:$PROXY_PORT|/metrics|$FLOOD_HANG_VM.$ZONE:$PROXY_PORT|$proxy_pid|-1|flood")
echo "== metric-proxy vs nginx vs straight to the agent ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo "command:      bench/proxy/run.sh $SECONDS_PER_RUN $CONNECTIONS $REPS  (warm-up $WARMUP requests per case, $NVMS VMs; cases: $CASES)"
echo "machine:      $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')), $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg) before start"
echo "JDK:          $(java -version 2>&1 | sed -n 2p)"
echo "nginx:        $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), $(nproc) workers, ssl_verify_client $NGINX_VERIFY, upstream keepalive 64, access log off"
echo "services JVM: $CMON_JAVA_OPTS (world JVM and metric-proxy)${BENCH_PROXY_JAVA_OPTS:+; metric-proxy also $BENCH_PROXY_JAVA_OPTS}"
echo "client JVM:   $CLIENT_JAVA_OPTS"
echo "metric-proxy: $jar (a copy)${BENCH_PROXY_ARGS:+ $BENCH_PROXY_ARGS}, account '$LOGIN' (not an operator) rate limit 1000000/s burst 1000000 (in memory); brown-out tenant A 'flood' $FLOOD_LIMIT/s burst $FLOOD_LIMIT"
echo "agent body:   $BODY ($BODY_BYTES bytes, Content-Length, HTTP/1.1 keep-alive); /v1/discover $DISCOVER_BYTES bytes"
echo "processes:    world $world_pid, metric-proxy $proxy_pid, nginx master $nginx_pid + workers $(pgrep -P "$nginx_pid" | tr '\n' ' ')"
echo "client:       ${scrape_cmd[*]}"
[ -f "$work/variants.txt" ] && cat "$work/variants.txt"
echo

rc=0
run_client() { # title, command...: in the background so that a TERM to this script runs the trap at once
  echo "== $1"
  shift
  "$@" </dev/null &
  client_pid=$!
  pids+=("$client_pid")
  wait "$client_pid" || rc=$?
  echo
}
for c in $CASES; do
  case $c in
    scrape) run_client "scrape, keep-alive: straight vs nginx vs metric-proxy" "${scrape_cmd[@]}" ;;
    discover) run_client "/v1/discover, keep-alive: straight to the stand-in discovery vs nginx vs metric-proxy" "${discover_cmd[@]}" ;;
    handshake) run_client "scrape, a new TLS connection (full handshake, client certificate) per request" "${handshake_cmd[@]}" ;;
  esac
done

# The proxy's own count of 429s must be zero so far.
rejections=$(curl -s "http://127.0.0.1:$PROXY_MGMT_PORT/actuator/prometheus" \
  | awk '/^cmon_proxy_rate_limit_rejections_total/ {s += $2} END {print s + 0}')
echo "metric-proxy cmon_proxy_rate_limit_rejections_total: $rejections"
if [ "${rejections%.*}" != 0 ]; then
  echo "FAILED: metric-proxy rate-limited some requests"
  rc=1
fi
case " $CASES " in
  *" brownout "*) run_client "brown-out: tenant A's excess against tenant B's steady scrapes (metric-proxy)" "${brownout_cmd[@]}" ;;
esac
nginx_errors=$(grep -c -v -e '^$' "$work/nginx/error.log" 2>/dev/null || true)
echo "nginx error log lines: ${nginx_errors:-0}"
exit "$rc"
