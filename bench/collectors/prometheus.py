#!/usr/bin/env python3
"""metric-agent as a real Prometheus scrapes it: N real v1 cgroups (a sleep in each), the agent
with README's options, and Debian's Prometheus scraping every container as its own target
(file_sd, one target per /v1/<uuid>/metrics) every 15 s for M minutes. Prints the per-target
scrape_duration_seconds p50/p99 as Prometheus saw them, the share of targets up, and the agent's
CPU and RSS over the window, split by thread. Needs root and `prometheus`.

Usage: bench/collectors/prometheus.py --jar JAR [--n 1000] [--minutes 3]"""
import argparse, json, os, re, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.parse, urllib.request, uuid

CG = "/sys/fs/cgroup"
CONTROLLERS = ("cpu", "cpuacct", "memory", "blkio", "pids")
AGENT_NS = uuid.UUID("6f0a4f4c-3c2e-5c8e-9d3a-1f7a3b8e2c11")  # NameBasedUuid.NAMESPACE
JAVA_OPTS = os.environ.get("AGENT_JAVA_OPTS", "-XX:+UseSerialGC -Xms16m -Xmx64m -XX:TieredStopAtLevel=1 "
                           "-XX:ReservedCodeCacheSize=32m -Xss512k -XX:MaxMetaspaceSize=96m "
                           "-Dreactor.netty.ioWorkerCount=2 -XX:+ExitOnOutOfMemoryError")
ROLES = (("reading (sweep)", r"^cmon-sweep"), ("reading (scrape waited)", r"^boundedElastic"),
         ("HTTP", r"^reactor-http"), ("JIT", r"Compiler"), ("GC and VM", r"^(VM Thread|GC |VM Periodic)"),
         ("finding containers", r"^(container-scan|cgroup-watch)"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def threads(pid):
    """-> {tid: (role, CPU s)}; a split is the per-thread difference, so a thread that ends
    in between (an idle worker) loses only its own time instead of making a role negative."""
    out = {}
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            st = open(f"/proc/{pid}/task/{t}/stat").read()
        except OSError:
            continue
        name = st[st.index("(") + 1:st.rindex(")")]
        rest = st[st.rindex(")") + 2:].split()
        role = next((r for r, p in ROLES if re.search(p, name)), "other")
        out[t] = (role, (int(rest[11]) + int(rest[12])) / os.sysconf("SC_CLK_TCK"))
    return out


def split(before, after):
    d = {}
    for tid, (role, cpu) in after.items():
        d[role] = d.get(role, 0.0) + cpu - (before[tid][1] if tid in before else 0.0)
    return d


def query(port, q):
    url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": q})
    return json.load(urllib.request.urlopen(url, timeout=30))["data"]["result"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", required=True)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--minutes", type=float, default=3)
    a = ap.parse_args()
    group = f"cmon-bench-prom-{os.getpid()}"
    work = tempfile.mkdtemp(prefix="cmon-bench-prom.")
    procs = []
    signal.signal(signal.SIGTERM, lambda *x: sys.exit(143))
    try:
        for ctl in CONTROLLERS:
            os.mkdir(f"{CG}/{ctl}/{group}")
        for i in range(a.n):
            paths = []
            for ctl in CONTROLLERS:
                os.mkdir(f"{CG}/{ctl}/{group}/c{i}")
                paths.append(f"{CG}/{ctl}/{group}/c{i}/cgroup.procs")

            def join(paths=paths):
                for p in paths:
                    with open(p, "w") as f:
                        f.write(str(os.getpid()))
            procs.append(subprocess.Popen(["sleep", "86400"], preexec_fn=join, start_new_session=True))
        port, mport, pport = free_port(), free_port(), free_port()
        agent = subprocess.Popen(["java", *JAVA_OPTS.split(), "-jar", a.jar, f"--server.port={port}",
                                  f"--management.server.port={mport}", f"--cmon.agent.discovery.roots=/{group}",
                                  "--logging.level.root=warn"], stdout=open(f"{work}/agent.log", "w"), stderr=subprocess.STDOUT)
        procs.append(agent)
        targets = [{"targets": [f"127.0.0.1:{port}"],
                    "labels": {"__metrics_path__": f"/v1/{uuid.uuid5(AGENT_NS, f'cgroup:/{group}/c{i}')}/metrics",
                               "container": f"c{i}"}} for i in range(a.n)]
        json.dump(targets, open(f"{work}/targets.json", "w"))
        open(f"{work}/prometheus.yml", "w").write(
            "global: {scrape_interval: 15s, scrape_timeout: 10s}\n"
            "scrape_configs:\n  - job_name: containers\n    file_sd_configs: [{files: ['" + work + "/targets.json']}]\n")
        time.sleep(5)
        prom = subprocess.Popen(["prometheus", f"--config.file={work}/prometheus.yml", f"--storage.tsdb.path={work}/data",
                                 f"--web.listen-address=127.0.0.1:{pport}"], stdout=open(f"{work}/prometheus.log", "w"),
                                stderr=subprocess.STDOUT)
        procs.append(prom)
        print(f"agent pid {agent.pid}, Prometheus pid {prom.pid}; 2 intervals to settle", file=sys.stderr)
        time.sleep(35)
        t0, c0 = time.time(), threads(agent.pid)
        time.sleep(a.minutes * 60)
        t1, c1 = time.time(), threads(agent.pid)
        win = f"{int(t1 - t0)}s"
        up = query(pport, f"avg(avg_over_time(up[{win}]))")
        p = {q: query(pport, f"quantile({q}, quantile_over_time({q}, scrape_duration_seconds[{win}]))") for q in ("0.5", "0.99")}
        mx = query(pport, f"max(max_over_time(scrape_duration_seconds[{win}]))")
        # every scrape of every target in the window, pooled: one scrape's distribution
        pooled = sorted(float(v[1]) for r in query(pport, f"scrape_duration_seconds[{win}]") for v in r["values"])
        pq = lambda q: 1e3 * pooled[min(len(pooled) - 1, int(q * len(pooled)))]
        series = query(pport, "avg(scrape_samples_scraped)")
        rss = [l for l in open(f"/proc/{agent.pid}/status") if l.startswith(("VmRSS", "VmHWM"))]
        d = split(c0, c1)
        tot = sum(d.values())
        print(f"\n## metric-agent scraped by Prometheus, N = {a.n}\n")
        print(f"- date: {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}; command: `bench/collectors/prometheus.py --n {a.n} --minutes {a.minutes}`")
        print(f"- agent: `java {JAVA_OPTS} -jar {os.path.basename(a.jar)}`; Prometheus: every container its own target, scrape_interval 15 s, gzip")
        print(f"- window {t1 - t0:.0f} s; up {float(up[0]['value'][1]):.4f}; samples per scrape {float(series[0]['value'][1]):.0f}")
        print(f"- scrape_duration_seconds per target over the window: median target's p50 {1e3 * float(p['0.5'][0]['value'][1]):.2f} ms, "
              f"p99 (the 99th-percentile target's p99) {1e3 * float(p['0.99'][0]['value'][1]):.2f} ms, max {1e3 * float(mx[0]['value'][1]):.2f} ms")
        print(f"- every scrape pooled ({len(pooled)}): p50 {pq(0.5):.2f} ms, p99 {pq(0.99):.2f} ms, p99.9 {pq(0.999):.2f} ms; "
              f"{100 * sum(1 for v in pooled if v > 0.002) / len(pooled):.2f} % over 2 ms")
        print(f"- agent CPU {tot:.2f} s = {100 * tot / (t1 - t0):.2f} % of a core; " + " ".join(x.strip() for x in rss))
        print("- split: " + ", ".join(f"{k} {v:.2f} s ({100 * v / max(tot, 1e-9):.0f} %)" for k, v in sorted(d.items(), key=lambda kv: -kv[1])))
    finally:
        for pr in reversed(procs):
            try:
                pr.kill()
                pr.wait(10)
            except Exception:  # noqa: BLE001
                pass
        for ctl in CONTROLLERS:
            top = f"{CG}/{ctl}/{group}"
            if os.path.isdir(top):
                for dname in os.listdir(top):
                    if os.path.isdir(f"{top}/{dname}"):
                        try:
                            os.rmdir(f"{top}/{dname}")
                        except OSError as e:
                            print(f"cannot remove {top}/{dname}: {e}", file=sys.stderr)
                os.rmdir(top)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
