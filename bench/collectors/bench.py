#!/usr/bin/env python3
"""Agent vs the per-container collectors operators already run (issue 10).

Run by bench/collectors/run.sh (root). For each container count N it creates N real
v1 cgroups (cpu, cpuacct, memory, blkio, pids) under /cmon-bench-<rid>-<N>, one
`sleep` in each (every 10th runs a throttled stress-ng instead), starts our metric
agent, Netdata (cgroups collector, Prometheus export), collectd (cgroups plugin +
write_prometheus) and node_exporter, each with its own config/cache/lib/log dirs in
the work dir, and measures them side by side (see README.md). Everything it starts
runs inside cgroups it created, so run.sh's trap can always find and kill it.
"""
import argparse
import datetime
import gzip
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid

CLK = os.sysconf("SC_CLK_TCK")
CG = "/sys/fs/cgroup"
CONTROLLERS = ["cpu", "cpuacct", "memory", "blkio", "pids"]
# io.containermonitor.agent.NameBasedUuid.NAMESPACE: the agent names a discovery-root
# child by uuid5(NAMESPACE, "cgroup:<path>")
AGENT_NS = uuid.UUID("6f0a4f4c-3c2e-5c8e-9d3a-1f7a3b8e2c11")
# README's / ./cmon's agent options (CMON_AGENT_JAVA_OPTS)
JAVA_OPTS = os.environ.get("AGENT_JAVA_OPTS", "-XX:+UseSerialGC -Xms16m -Xmx64m -XX:TieredStopAtLevel=1 "
                           "-XX:ReservedCodeCacheSize=32m -Xss512k -XX:MaxMetaspaceSize=96m "
                           "-Dreactor.netty.ioWorkerCount=2 -XX:+ExitOnOutOfMemoryError")
JAVA = os.environ.get("AGENT_JAVA", "java")

# The agent's threads by what they do (their names), for the CPU split of part 2.
THREAD_ROLES = (("reading (sweep)", r"^cmon-sweep"), ("reading (scrape waited)", r"^boundedElastic"),
                ("HTTP", r"^reactor-http"), ("JIT", r"Compiler"), ("GC and VM", r"^(VM Thread|GC |VM Periodic)"),
                ("finding containers", r"^(container-scan|cgroup-watch)"))
INTERVAL = 15.0  # the scrape interval and every tool's collection interval
BUSY_EVERY = 10  # every 10th container runs stress-ng
BUSY_TOTAL_CORES = 0.3  # the busy containers together are capped (CFS quota) at this much CPU
REPS = 3
ACCEPT = {"Accept": "text/plain;version=0.0.4;q=1,*/*;q=0.1", "Accept-Encoding": "gzip",
          "User-Agent": "cmon-bench-collectors"}


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class BenchError(Exception):
    pass


# ---------------------------------------------------------------------------- /proc

def proc_table():
    """pid -> (ppid, utime+stime+cutime+cstime in ticks) for every process."""
    tab = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                s = f.read()
        except OSError:
            continue
        fields = s[s.rfind(")") + 2:].split()
        tab[int(d)] = (int(fields[1]), sum(int(x) for x in fields[11:15]))
    return tab


def descendants(tab, root):
    children = {}
    for pid, (ppid, _) in tab.items():
        children.setdefault(ppid, []).append(pid)
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        if p in tab:
            out.append(p)
            todo.extend(children.get(p, []))
    return out


def tree_cpu(tab, root):
    """CPU seconds of the live process tree, including reaped children (cutime/cstime)."""
    return sum(tab[p][1] for p in descendants(tab, root)) / CLK


def tree_mem(root, tab=None):
    """(sum VmRSS, sum VmHWM, processes) of the tree, KiB."""
    tab = tab or proc_table()
    rss = hwm = n = 0
    for p in descendants(tab, root):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1])
                    elif line.startswith("VmHWM:"):
                        hwm += int(line.split()[1])
            n += 1
        except OSError:
            pass
    return rss, hwm, n


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


# ---------------------------------------------------------------------------- cgroups

def cg_write(path, value):
    with open(path, "w") as f:
        f.write(str(value))


def cg_kill_and_remove(top):
    """Kill every process in the cgroup subtree `top` (all controllers) and rmdir it."""
    for _ in range(50):
        alive = False
        for ctl in CONTROLLERS:
            base = os.path.join(CG, ctl, top)
            for dirpath, _, _ in os.walk(base):
                try:
                    with open(os.path.join(dirpath, "cgroup.procs")) as f:
                        for pid in f.read().split():
                            alive = True
                            try:
                                os.kill(int(pid), signal.SIGKILL)
                            except OSError:
                                pass
                except OSError:
                    pass
        if not alive:
            break
        time.sleep(0.1)
    for ctl in CONTROLLERS:
        base = os.path.join(CG, ctl, top)
        if not os.path.isdir(base):
            continue
        for dirpath, _, _ in sorted(os.walk(base), key=lambda w: -w[0].count("/")):
            for _ in range(50):
                try:
                    os.rmdir(dirpath)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                log(f"could not remove {dirpath}")


# ---------------------------------------------------------------------------- HTTP

class Scraper:
    """One keep-alive connection to one endpoint, Prometheus-like request headers."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def get(self, path):
        """-> (seconds, status, wire bytes, text)."""
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            t0 = time.perf_counter()
            try:
                self.conn.request("GET", path, headers=ACCEPT)
                r = self.conn.getresponse()
                raw = r.read()
                dt = time.perf_counter() - t0
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 1:
                    raise
                continue
            if r.getheader("Connection", "").lower() == "close":
                self.conn.close()
                self.conn = None
            text = gzip.decompress(raw) if r.getheader("Content-Encoding") == "gzip" else raw
            return dt, r.status, len(raw), text.decode("utf-8", "replace")
        raise AssertionError

    def close(self):
        if self.conn:
            self.conn.close()


def series_lines(text):
    return [l for l in text.split("\n") if l and not l.startswith("#")]


def pct(values, p):
    s = sorted(values)
    if not s:
        return float("nan")
    i = max(0, min(len(s) - 1, int(-(-p * len(s) // 100)) - 1))
    return s[i]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------- tools

class Tool:
    def __init__(self, key, label, work, cmd, port, path, env=None):
        self.key, self.label, self.cmd, self.port, self.path = key, label, cmd, port, path
        self.env = env
        self.log = os.path.join(work, f"{key}.out")
        self.proc = None

    @property
    def pid(self):
        return self.proc.pid

    def start(self, tools_cg):
        cg = os.path.join(CG, "cpuacct", tools_cg, self.key)
        os.makedirs(cg, exist_ok=True)
        self.cg = cg
        procs = os.path.join(cg, "cgroup.procs")

        def join():
            with open(procs, "w") as f:
                f.write(str(os.getpid()))

        out = open(self.log, "ab")
        env = dict(os.environ, **(self.env or {}))
        self.proc = subprocess.Popen(self.cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     preexec_fn=join, start_new_session=True, env=env)
        out.close()

    def cgroup_cpu(self):
        with open(os.path.join(self.cg, "cpuacct.usage")) as f:
            return int(f.read()) / 1e9

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if not self.alive():
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except OSError:
            pass
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)


def version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
        return (out.stdout + out.stderr).strip().split("\n")[0]
    except Exception as e:  # noqa: BLE001
        return f"? ({e})"


# ---------------------------------------------------------------------------- one N

class Run:
    def __init__(self, args, n):
        self.a, self.n = args, n
        self.group = f"cmon-bench-{args.rid}-{n}"
        self.tools_cg = f"cmon-bench-{args.rid}-tools{n}"
        self.work = os.path.join(args.workdir, f"n{n}")
        os.makedirs(self.work, exist_ok=True)
        self.names = [f"c{i}" for i in range(n)]
        self.uuids = [str(uuid.uuid5(AGENT_NS, f"cgroup:/{self.group}/{c}")) for c in self.names]
        self.tools = {}
        self.lat = {}  # key -> list of seconds
        self.bytes = {}  # key -> list of (wire, text)

    # -- containers
    def create_containers(self):
        busy = [i for i in range(self.n) if i % BUSY_EVERY == BUSY_EVERY - 1]
        quota = max(1000, int(BUSY_TOTAL_CORES / max(1, len(busy)) * 1_000_000))
        for ctl in CONTROLLERS:
            os.mkdir(os.path.join(CG, ctl, self.group))
        with open(os.path.join(self.a.workdir, "pids"), "a") as pidfile:
            for i, c in enumerate(self.names):
                procs = []
                for ctl in CONTROLLERS:
                    d = os.path.join(CG, ctl, self.group, c)
                    os.mkdir(d)
                    procs.append(os.path.join(d, "cgroup.procs"))
                if i in busy:
                    cpu = os.path.join(CG, "cpu", self.group, c)
                    cg_write(os.path.join(cpu, "cpu.cfs_period_us"), 1_000_000)
                    cg_write(os.path.join(cpu, "cpu.cfs_quota_us"), quota)
                    cmd = ["stress-ng", "--cpu", "1", "--cpu-load", "5", "--timeout", "0", "--quiet"]
                else:
                    cmd = ["sleep", "86400"]

                def join(procs=procs):
                    for p in procs:
                        with open(p, "w") as f:
                            f.write(str(os.getpid()))

                p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, preexec_fn=join, start_new_session=True)
                pidfile.write(f"{p.pid}\n")
        self.busy, self.quota = len(busy), quota

    # -- configuration of each tool
    def configure(self):
        w, a = self.work, self.a
        ports = {k: free_port() for k in ("agent", "agentmgmt", "netdata", "collectd", "node")}
        self.tools["agent"] = Tool(
            "agent", "metric-agent (ours)", w,
            [JAVA, *JAVA_OPTS.split(), "-jar", a.jar, f"--server.port={ports['agent']}",
             f"--management.server.port={ports['agentmgmt']}", f"--cmon.agent.discovery.roots=/{self.group}",
             "--cmon.agent.cache.filesystem-ttl=10s", "--logging.level.root=warn"],
            ports["agent"], None)
        # Netdata: only the cgroups collector (+ web server / Prometheus exporter)
        nd = os.path.join(w, "netdata")
        for d in ("etc", "etc/statsd.d", "cache", "lib", "log", "lib/cloud.d"):
            os.makedirs(os.path.join(nd, d), exist_ok=True)
        open(os.path.join(nd, "etc", ".opt-out-from-anonymous-statistics"), "w").close()
        with open(os.path.join(nd, "lib", "cloud.d", "cloud.conf"), "w") as f:
            f.write("[global]\n    enabled = no\n")
        name_script = os.path.join(nd, "cgroup-name.sh")
        with open(name_script, "w") as f:
            f.write('#!/bin/sh\n# bench: name a cgroup after its last path component, never ask docker\n'
                    'n="${2:-$1}"; n="${n##*/}"; echo "${n##*_}"\n')
        os.chmod(name_script, 0o755)
        self.netdata_conf = os.path.join(nd, "etc", "netdata.conf")
        with open(self.netdata_conf, "w") as f:
            f.write(f"""[global]
    run as user = root
    hostname = cmonbench
    process scheduling policy = keep
    process nice level = 0
[db]
    mode = ram
    update every = {int(INTERVAL)}
[directories]
    config = {nd}/etc
    cache = {nd}/cache
    lib = {nd}/lib
    log = {nd}/log
[health]
    enabled = no
[registry]
    enabled = no
[ml]
    enabled = no
[statsd]
    enabled = no
[web]
    bind to = 127.0.0.1:{ports['netdata']}
[plugins]
    timex = no
    idlejitter = no
    netdata monitoring = no
    tc = no
    diskspace = no
    proc = no
    cgroups = yes
    statsd = no
    enable running new plugins = no
[plugin:cgroups]
    update every = {int(INTERVAL)}
    use unified cgroups = no
    check for new cgroups every = {int(INTERVAL)}
    max cgroups to allow = {self.n + 1000}
    enable by default cgroups matching = /{self.group}/* !*
    script to get cgroup names = {name_script}
""")
        self.tools["netdata"] = Tool(
            "netdata", "Netdata cgroups", w,
            ["netdata", "-D", "-c", self.netdata_conf, "-P", os.path.join(nd, "netdata.pid")],
            ports["netdata"], "/api/v1/allmetrics?format=prometheus", env={"DO_NOT_TRACK": "1"})
        # collectd: cgroups plugin (reads <mount>/<dir>/<name>/cpuacct.stat) + write_prometheus
        cd = os.path.join(w, "collectd")
        os.makedirs(cd, exist_ok=True)
        self.collectd_conf = os.path.join(cd, "collectd.conf")
        with open(self.collectd_conf, "w") as f:
            f.write(f"""Hostname "cmonbench"
FQDNLookup false
BaseDir "{cd}"
PIDFile "{cd}/collectd.pid"
PluginDir "/usr/lib/collectd"
TypesDB "/usr/share/collectd/types.db"
Interval {int(INTERVAL)}
LoadPlugin logfile
<Plugin logfile>
  LogLevel "info"
  File "{cd}/collectd.log"
  Timestamp true
</Plugin>
LoadPlugin cgroups
<Plugin cgroups>
  CGroup "/^c[0-9]+$/"
  IgnoreSelected false
</Plugin>
LoadPlugin write_prometheus
<Plugin write_prometheus>
  Host "127.0.0.1"
  Port "{ports['collectd']}"
</Plugin>
""")
        t = subprocess.run(["collectd", "-t", "-C", self.collectd_conf], capture_output=True, text=True)
        if t.returncode != 0:
            raise BenchError(f"collectd -t -C {self.collectd_conf} failed: {t.stdout}{t.stderr}")
        self.tools["collectd"] = Tool(
            "collectd", "collectd cgroups", w, ["collectd", "-f", "-C", self.collectd_conf],
            ports["collectd"], "/metrics")
        self.tools["node"] = Tool(
            "node", "node_exporter", w,
            ["prometheus-node-exporter", f"--web.listen-address=127.0.0.1:{ports['node']}"],
            ports["node"], "/metrics")
        self.scr = {k: Scraper(t.port) for k, t in self.tools.items()}
        self.scr["gz"] = Scraper(ports["agent"])  # the agent's node endpoint, own connection

    # -- readiness
    def wait_ready(self):
        t_start = time.time()
        agent, nd, col = self.tools["agent"], self.tools["netdata"], self.tools["collectd"]
        ready = {}
        deadline_nd = t_start + self.a.netdata_timeout_base + self.a.netdata_timeout_per * self.n
        deadline_other = t_start + 180
        last_report = 0
        while len(ready) < 4:
            now = time.time()
            for k, t in self.tools.items():
                if not t.alive():
                    raise BenchError(f"{t.label} exited (rc {t.proc.returncode}); see {t.log}")
            if "agent" not in ready:
                try:
                    _, st, _, body = self.scr["agent"].get("/v1/ping")
                    if f'"containers":{self.n}' in body.replace(" ", ""):
                        ready["agent"] = now - t_start
                except OSError:
                    pass
            if "node" not in ready:
                try:
                    if self.scr["node"].get("/metrics")[1] == 200:
                        ready["node"] = now - t_start
                except OSError:
                    pass
            if "collectd" not in ready:
                try:
                    body = self.scr["collectd"].get("/metrics")[3]
                    if len(set(re.findall(r'cgroups="(c\d+)"', body))) >= self.n:
                        ready["collectd"] = now - t_start
                except OSError:
                    pass
            seen_nd = -1
            if "netdata" not in ready:
                try:
                    body = self.scr["netdata"].get(nd.path)[3]
                    seen_nd = len(self.netdata_containers(body))
                    if seen_nd >= self.n:
                        ready["netdata"] = now - t_start
                except OSError:
                    pass
            if now - last_report > 30:
                log(f"N={self.n}: waiting for tools; ready so far {sorted(ready)}; netdata shows {seen_nd}/{self.n} containers")
                last_report = now
            missing = [k for k in self.tools if k not in ready]
            if "netdata" in missing and now > deadline_nd:
                raise BenchError(f"Netdata did not show all {self.n} containers within "
                                 f"{deadline_nd - t_start:.0f} s (saw {seen_nd}); see {nd.log} and {self.work}/netdata/log")
            if [k for k in missing if k != "netdata"] and now > deadline_other:
                raise BenchError(f"not ready within 180 s: {missing}; see logs in {self.work}")
            time.sleep(2)
        self.ready = ready
        log(f"N={self.n}: all tools ready: " + ", ".join(f"{k} {v:.0f} s" for k, v in ready.items()))

    def netdata_containers(self, body):
        return set(re.findall(r'chart="cgroup_(c\d+)\.', body)) & set(self.names)

    # -- measuring helpers
    def scrape(self, key, path=None):
        t = self.tools["agent" if key == "gz" else key]
        path = path or ("/v1/gz/metrics" if key == "gz" else t.path)
        dt, st, wire, text = self.scr[key].get(path)
        if st != 200:
            raise BenchError(f"{key} {path}: HTTP {st}: {text[:200]}")
        return dt, wire, text

    def agent_pass(self, record=True):
        """Every container's /v1/<uuid>/metrics once, sequentially. -> (wall s, wire, text bytes)."""
        t0 = time.perf_counter()
        wire = txt = 0
        lats = []
        for u in self.uuids:
            dt, w, text = self.scrape("agent", f"/v1/{u}/metrics")
            lats.append(dt)
            wire += w
            txt += len(text.encode())
        wall = time.perf_counter() - t0
        if record:
            self.lat.setdefault("agent1", []).extend(lats)
            self.bytes.setdefault("agent1", []).extend([(wire / self.n, txt / self.n)])
            self.lat.setdefault("agentN", []).append(wall)
            self.bytes.setdefault("agentN", []).append((wire, txt))
        return wall, wire, txt

    def record(self, key, dt, wire, text):
        self.lat.setdefault(key, []).append(dt)
        self.bytes.setdefault(key, []).append((wire, len(text.encode())))

    def cpu_all(self):
        """-> ({tool: (tree CPU s, cgroup CPU s)}, time)."""
        tab = proc_table()
        return {k: (tree_cpu(tab, t.pid), t.cgroup_cpu()) for k, t in self.tools.items()}, time.perf_counter()

    # -- phases
    def series(self):
        """series per container and per scrape, for each tool."""
        s = {}
        lines = [len(series_lines(self.scrape("agent", f"/v1/{u}/metrics")[2])) for u in self.uuids[:20]]
        s["agent"] = (statistics.median(lines), statistics.median(lines) * self.n)
        body = self.scrape("netdata")[2]
        sl = series_lines(body)
        per = [l for l in sl if re.search(r'chart="cgroup_c\d+\.', l)]
        s["netdata"] = (len(per) / self.n, len(sl))
        body = self.scrape("collectd")[2]
        sl = series_lines(body)
        per = [l for l in sl if re.search(r'cgroups="c\d+"', l)]
        s["collectd"] = (len(per) / self.n, len(sl))
        s["node"] = (None, len(series_lines(self.scrape("node")[2])))
        s["gz"] = (None, len(series_lines(self.scrape("gz")[2])))
        self.series_counts = s
        # what each tool reports per container (metric names), for the README
        names = {}
        names["agent"] = sorted({re.split(r"[{ ]", l)[0] for l in series_lines(self.scrape("agent", f"/v1/{self.uuids[-1]}/metrics")[2])})
        body = self.scrape("netdata")[2]
        names["netdata"] = sorted({re.split(r"[{ ]", l)[0] + "{" + re.search(r'chart="cgroup_c\d+\.([^"]+)"', l).group(1) + "}"
                                   for l in series_lines(body) if re.search(r'chart="cgroup_c\d+\.', l)})
        body = self.scrape("collectd")[2]
        names["collectd"] = sorted({re.split(r"[{ ]", l)[0] for l in series_lines(body) if 'cgroups="c' in l})
        self.series_names = names
        with open(os.path.join(self.work, "series-names.txt"), "w") as f:
            for k, v in names.items():
                f.write(f"## {k}: {len(v)} names\n" + "\n".join(v) + "\n")

    def warm_up(self):
        for _ in range(2):
            self.agent_pass(record=False)
            for k in ("netdata", "collectd", "node", "gz"):
                self.scrape(k)

    def once(self):
        res = {k: [] for k in ("agent", "netdata", "collectd")}
        for rep in range(REPS):
            # Netdata and collectd: one 15 s collection interval that contains one scrape
            c0, t0 = self.cpu_all()
            for k in ("netdata", "collectd"):
                a = self.tools[k].cgroup_cpu()
                dt, wire, text = self.scrape(k)
                b = self.tools[k].cgroup_cpu()
                self.record(k, dt, wire, text)
                res[k].append({"wall": dt, "scrape_cpu": b - a})
            time.sleep(max(0.0, t0 + INTERVAL - time.perf_counter()))
            c1, t1 = self.cpu_all()
            for k in ("netdata", "collectd"):
                res[k][-1].update(interval_cpu=c1[k][0] - c0[k][0], interval_cg=c1[k][1] - c0[k][1], window=t1 - t0)
            # ours: caches have expired (last container request > 15 s ago, TTL 10 s);
            # one 15 s interval (longer if the pass is) that contains one pass of N requests
            c2, t2 = self.cpu_all()
            wall, wire, txt = self.agent_pass()
            c3, t3 = self.cpu_all()
            time.sleep(max(0.0, t2 + max(INTERVAL, wall) - time.perf_counter()))
            c4, t4 = self.cpu_all()
            res["agent"].append({"wall": wall, "scrape_cpu": c3["agent"][1] - c2["agent"][1],
                                 "interval_cpu": c4["agent"][0] - c2["agent"][0],
                                 "interval_cg": c4["agent"][1] - c2["agent"][1], "window": t4 - t2})
            log(f"N={self.n}: once rep {rep + 1}: " + ", ".join(
                f"{k} interval {v[-1]['interval_cg']:.3f} s CPU, wall {v[-1]['wall']:.3f} s" for k, v in res.items()))
        self.once_res = {k: {m: statistics.median(r[m] for r in v) for m in v[0]} for k, v in res.items()}
        time.sleep(INTERVAL)  # leave a clean gap before the next phase

    def node_phase(self, k_scrapes=20):
        """node_exporter vs /v1/gz/metrics: idle rate, then a burst of interleaved scrapes."""
        c0, t0 = self.cpu_all()
        time.sleep(10)
        c1, t1 = self.cpu_all()
        c0 = {k: v[1] for k, v in c0.items()}
        c1 = {k: v[1] for k, v in c1.items()}
        idle = {k: (c1[k] - c0[k]) / (t1 - t0) for k in ("node", "agent")}
        self.node_lat = {"node": [], "gz": []}
        for _ in range(k_scrapes):
            for k in ("node", "gz"):
                dt, wire, text = self.scrape(k)
                self.node_lat[k].append(dt)
                self.record(k, dt, wire, text)
            time.sleep(0.25)
        c2, t2 = self.cpu_all()
        c2 = {k: v[1] for k, v in c2.items()}
        d = t2 - t1
        self.node_res = {
            "node": {"raw": (c2["node"] - c1["node"]) / k_scrapes,
                     "net": (c2["node"] - c1["node"] - idle["node"] * d) / k_scrapes},
            "gz": {"raw": (c2["agent"] - c1["agent"]) / k_scrapes,
                   "net": (c2["agent"] - c1["agent"] - idle["agent"] * d) / k_scrapes},
        }

    def agent_threads(self):
        """-> {tid: (role, CPU s)} of the agent's threads, by thread name (utime+stime, 10 ms ticks)."""
        out = {}
        tdir = f"/proc/{self.tools['agent'].pid}/task"
        for t in os.listdir(tdir):
            try:
                with open(f"{tdir}/{t}/stat") as f:
                    st = f.read()
            except OSError:
                continue
            name = st[st.index("(") + 1:st.rindex(")")]
            rest = st[st.rindex(")") + 2:].split()
            role = next((r for r, pat in THREAD_ROLES if re.search(pat, name)), "other")
            out[t] = (role, (int(rest[11]) + int(rest[12])) / os.sysconf("SC_CLK_TCK"))
        return out

    @staticmethod
    def thread_split(before, after):
        """Per-thread differences by role: a thread that ended in between loses only its own time."""
        d = {}
        for tid, (role, cpu) in after.items():
            d[role] = d.get(role, 0.0) + cpu - (before[tid][1] if tid in before else 0.0)
        return d

    def window(self, minutes):
        """All tools concurrently: every INTERVAL s each endpoint is scraped (ours: every container)."""
        dur = minutes * 60.0
        rounds = int(dur // INTERVAL)
        stop_err = []
        overruns = {"agent": 0}
        peak = {k: 0 for k in self.tools}
        sampling = threading.Event()
        tab0 = proc_table()
        th0 = self.agent_threads()
        c0 = {k: tree_cpu(tab0, t.pid) for k, t in self.tools.items()}
        g0 = {k: t.cgroup_cpu() for k, t in self.tools.items()}
        t0 = time.perf_counter()
        scrapes = {k: 0 for k in ("agent", "netdata", "collectd", "node", "gz")}

        def loop(key, offset):
            try:
                for r in range(rounds):
                    at = t0 + offset + r * INTERVAL
                    delay = at - time.perf_counter()
                    if delay > 0:
                        time.sleep(delay)
                    elif key == "agent" and r > 0:
                        overruns["agent"] += 1
                    if key == "agent":
                        self.agent_pass()
                    else:
                        dt, wire, text = self.scrape(key)
                        self.record(key, dt, wire, text)
                        if key in ("node", "gz"):
                            self.node_lat[key].append(dt)
                    scrapes[key] += 1
            except Exception as e:  # noqa: BLE001
                stop_err.append(f"{key}: {e!r}")

        def sampler():
            while not sampling.is_set():
                tab = proc_table()
                for k, t in self.tools.items():
                    peak[k] = max(peak[k], tree_mem(t.pid, tab)[0])
                sampling.wait(2)

        threads = [threading.Thread(target=loop, args=(k, off), daemon=True)
                   for k, off in (("agent", 0), ("netdata", 3), ("collectd", 6), ("node", 9), ("gz", 12))]
        st = threading.Thread(target=sampler, daemon=True)
        st.start()
        for t in threads:
            t.start()
        last = 0
        while any(t.is_alive() for t in threads):
            time.sleep(1)
            el = time.perf_counter() - t0
            if el - last >= 60:
                last = el
                log(f"N={self.n}: window {el / 60:.1f}/{minutes} min, load {loadavg()}")
        t1 = time.perf_counter()
        tab1 = proc_table()
        th1 = self.agent_threads()
        c1 = {k: tree_cpu(tab1, t.pid) for k, t in self.tools.items()}
        g1 = {k: t.cgroup_cpu() for k, t in self.tools.items()}
        sampling.set()
        st.join()
        if stop_err:
            raise BenchError("scrape failed during the window: " + "; ".join(stop_err))
        mem = {k: tree_mem(t.pid, tab1) for k, t in self.tools.items()}
        self.win = {"dur": t1 - t0, "rounds": rounds, "scrapes": scrapes, "overruns": overruns["agent"],
                    "cpu": {k: c1[k] - c0[k] for k in self.tools}, "cg": {k: g1[k] - g0[k] for k in self.tools},
                    "peak": peak, "mem": mem, "load": loadavg(),
                    "threads": self.thread_split(th0, th1)}

    # -- the whole run for this N
    def run(self):
        self.load_start = loadavg()
        log(f"N={self.n}: creating {self.n} cgroups under /{self.group} in {', '.join(CONTROLLERS)}")
        self.create_containers()
        self.configure()
        for t in self.tools.values():
            t.start(self.tools_cg)
        with open(os.path.join(self.a.workdir, "tool-pids"), "a") as f:
            f.write("".join(f"{t.pid}\n" for t in self.tools.values()))
        log(f"N={self.n}: started " + ", ".join(f"{t.label} pid {t.pid}" for t in self.tools.values()))
        self.wait_ready()
        self.warm_up()
        self.series()
        log(f"N={self.n}: every container once, {REPS} reps")
        self.once()
        log(f"N={self.n}: node endpoints")
        self.node_phase()
        log(f"N={self.n}: {self.a.minutes} min of {INTERVAL:.0f} s scrapes, all tools concurrently")
        self.window(self.a.minutes)
        self.load_end = loadavg()

    def stop(self):
        for s in getattr(self, "scr", {}).values():
            s.close()
        for t in self.tools.values():
            try:
                t.stop()
            except Exception as e:  # noqa: BLE001
                log(f"stopping {t.key}: {e!r}")
        cg_kill_and_remove(self.group)
        cg_kill_and_remove(self.tools_cg)

    # -- report
    def report(self):
        n, out = self.n, []
        P = out.append
        r = lambda a, b: f"{a / b:.2f}" if b else "n/a"  # noqa: E731
        P(f"\n### N = {n} containers ({self.busy} busy: stress-ng --cpu 1 --cpu-load 5, "
          f"CFS quota {self.quota} us per 1 s each; the rest sleep)\n")
        P(f"Load average at start {self.load_start}, at end {self.load_end}. Readiness after start: "
          + ", ".join(f"{self.tools[k].label} {v:.0f} s" for k, v in self.ready.items()) + ".\n")
        s = self.series_counts
        P("Series per container differ between tools (collectd's cgroups plugin reports CPU only): "
          f"ours {s['agent'][0]:.0f}, Netdata {s['netdata'][0]:.1f}, collectd {s['collectd'][0]:.1f}. "
          f"Series per full scrape: ours {s['agent'][1]:.0f} (N requests), Netdata {s['netdata'][1]}, "
          f"collectd {s['collectd'][1]}.\n")
        nm = self.series_names
        P("What each reports per container: ours " + ", ".join(nm["agent"]) + "; Netdata (metric{chart}) "
          + ", ".join(nm["netdata"]) + "; collectd " + ", ".join(nm["collectd"]) + ".\n")
        o = self.once_res
        P(f"**1. Every container once** (median of {REPS}). CPU = process-tree utime+stime (incl. reaped children) "
          f"over one {INTERVAL:.0f} s interval that contains one full pass: ours = N sequential "
          "`/v1/<uuid>/metrics` with every cache expired; Netdata/collectd = one scrape of their "
          "Prometheus endpoint + their own collection in that interval. Wall = the pass / the scrape "
          "(Netdata/collectd collect in the background, not inside the scrape). CPU is read from each tool's own "
          "cpuacct cgroup (ns resolution; every child it forks stays in it), the process-tree sum beside it is "
          "in 10 ms ticks; ratios use the cgroup figure.\n")
        P("| tool | CPU s per interval with one pass (cgroup) | same, process tree (10 ms ticks) | CPU s of the request(s) only (cgroup) | wall s | ours/ref CPU | ours/ref wall |")
        P("|---|---:|---:|---:|---:|---:|---:|")
        ag = o["agent"]
        P(f"| metric-agent (ours), {n} requests | {ag['interval_cg']:.3f} | {ag['interval_cpu']:.2f} | {ag['scrape_cpu']:.3f} | {ag['wall']:.3f} | | |")
        for k in ("netdata", "collectd"):
            x = o[k]
            P(f"| {self.tools[k].label}, 1 scrape | {x['interval_cg']:.3f} | {x['interval_cpu']:.2f} | {x['scrape_cpu']:.3f} | {x['wall']:.3f} | "
              f"{r(ag['interval_cg'], x['interval_cg'])} | {r(ag['wall'], x['wall'])} |")
        w = self.win
        P(f"\n**2. {w['dur'] / 60:.1f} minutes of {INTERVAL:.0f} s scrapes, all four tools running and scraped "
          f"concurrently over the same window** ({w['rounds']} rounds; ours: every container each round, "
          f"rounds that started late: {w['overruns']}; the agent also served {w['scrapes']['gz']} "
          "`/v1/gz/metrics` scrapes in this window, node_exporter as many). CPU = process tree (and, as a check, the "
          "tool's own cpuacct cgroup); peak RSS = max of the tree's summed VmRSS sampled every 2 s; "
          "VmHWM = sum over the tree's processes at the end. Ratios use the cgroup CPU (ns resolution).\n")
        P("| tool | CPU s (tree) | CPU s (cgroup) | % of one core | peak RSS MiB | sum VmHWM MiB | RSS now MiB | processes | ours/ref CPU | ours/ref peak RSS |")
        P("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for k in ("agent", "netdata", "collectd", "node"):
            c, g, pk = w["cpu"][k], w["cg"][k], w["peak"][k]
            rss, hwm, procs = w["mem"][k]
            ratio = " | " if k == "agent" else f"{r(w['cg']['agent'], g)} | {r(w['peak']['agent'], pk)}"
            if k == "node":
                ratio = "(node metrics: see 4) | "
            P(f"| {self.tools[k].label} | {c:.2f} | {g:.2f} | {100 * c / w['dur']:.2f} | {pk / 1024:.1f} | "
              f"{hwm / 1024:.1f} | {rss / 1024:.1f} | {procs} | {ratio} |")
        th = w["threads"]
        total = sum(th.values()) or 1.0
        P(f"\nWhere the agent's CPU went in part 2 (its threads by name, {total:.2f} s in all): "
          + ", ".join(f"{k} {v:.2f} s ({100 * v / total:.0f} %)" for k, v in sorted(th.items(), key=lambda kv: -kv[1]))
          + ". Reading = the cgroup and procfs files, rendering and deflating the snapshot.\n")
        P(f"\n**3. Per-scrape latency and bytes** (samples from parts 1 and 2; bytes: on the wire with "
          "`Accept-Encoding: gzip` as Prometheus asks / uncompressed text).\n")
        P("| what | samples | p50 ms | p99 ms | bytes wire | bytes text | series | ours/ref p50 | ours/ref p99 |")
        P("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        a1, aN = self.lat["agent1"], self.lat["agentN"]
        b1 = statistics.median(b[0] for b in self.bytes["agent1"]), statistics.median(b[1] for b in self.bytes["agent1"])
        bN = statistics.median(b[0] for b in self.bytes["agentN"]), statistics.median(b[1] for b in self.bytes["agentN"])
        P(f"| ours, one container | {len(a1)} | {pct(a1, 50) * 1e3:.2f} | {pct(a1, 99) * 1e3:.2f} | {b1[0]:.0f} | {b1[1]:.0f} | {s['agent'][0]:.0f} | | |")
        P(f"| ours, all {n} containers (sum of N sequential requests) | {len(aN)} | {pct(aN, 50) * 1e3:.1f} | {pct(aN, 99) * 1e3:.1f} | {bN[0]:.0f} | {bN[1]:.0f} | {s['agent'][1]:.0f} | | |")
        for k in ("netdata", "collectd"):
            l = self.lat[k]
            bw = statistics.median(b[0] for b in self.bytes[k])
            bt = statistics.median(b[1] for b in self.bytes[k])
            P(f"| {self.tools[k].label}, full scrape | {len(l)} | {pct(l, 50) * 1e3:.1f} | {pct(l, 99) * 1e3:.1f} | {bw:.0f} | {bt:.0f} | {s[k][1]} | "
              f"{r(pct(aN, 50), pct(l, 50))} | {r(pct(aN, 99), pct(l, 99))} |")
        nr = self.node_res
        P(f"\n**4. Node metrics: node_exporter vs our `/v1/gz/metrics`** (CPU: a burst of 20 interleaved scrapes "
          "per tool after 10 s idle; raw = cgroup CPU over the burst / 20, net = minus the idle rate over the same time "
          "(the agent keeps scanning N cgroups in the background); latency from the burst and part 2; RSS: the "
          "whole process at the end of part 2 — the agent's also serves the N containers).\n")
        P("| tool | CPU ms/scrape raw | CPU ms/scrape net | RSS now MiB | p50 ms | p99 ms | bytes wire | bytes text | series | ours/ref CPU net | ours/ref RSS | ours/ref p50 | ours/ref p99 |")
        P("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        rows = {}
        for k, label, mk in (("gz", "metric-agent `/v1/gz/metrics` (ours)", "agent"), ("node", "node_exporter", "node")):
            l = self.node_lat[k]
            bw = statistics.median(b[0] for b in self.bytes[k])
            bt = statistics.median(b[1] for b in self.bytes[k])
            rows[k] = (nr[k]["net"], w["mem"][mk][0], pct(l, 50), pct(l, 99))
            rat = "" if k == "gz" else (f"{r(rows['gz'][0], rows['node'][0])} | {r(rows['gz'][1], rows['node'][1])} | "
                                        f"{r(rows['gz'][2], rows['node'][2])} | {r(rows['gz'][3], rows['node'][3])}")
            if k == "gz":
                rat = " | | | "
            P(f"| {label} | {nr[k]['raw'] * 1e3:.1f} | {nr[k]['net'] * 1e3:.1f} | {w['mem'][mk][0] / 1024:.1f} | "
              f"{pct(l, 50) * 1e3:.2f} | {pct(l, 99) * 1e3:.2f} | {bw:.0f} | {bt:.0f} | {s[k][1]} | {rat} |")
        return "\n".join(out)


# ---------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", required=True)
    ap.add_argument("--counts", default="100,1000")
    ap.add_argument("--minutes", type=float, default=5)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--rid", required=True)
    ap.add_argument("--cmdline", default="")
    ap.add_argument("--netdata-timeout-base", type=float, default=300)
    ap.add_argument("--netdata-timeout-per", type=float, default=0.6)
    a = ap.parse_args()

    def on_term(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_term)
    if os.path.exists(os.path.join(CG, "cgroup.controllers")) or not os.path.isdir(os.path.join(CG, "cpuacct")):
        raise BenchError("needs cgroup v1 controllers (collectd's cgroups plugin reads v1 cpuacct); this is pure v2")
    counts = [int(x) for x in a.counts.split(",") if x]
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem_mib = next(int(l.split()[1]) // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal:"))
    collectd_v = version(["sh", "-c", "collectd -h | grep -m1 ^collectd"]).split(",")[0]
    split = not os.path.exists(os.path.join(CG, "cpu,cpuacct"))
    head = ["## Agent vs per-container collectors", "",
            f"- date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}",
            f"- command: `{a.cmdline}`",
            f"- machine: nproc {os.cpu_count()}, {model}, {mem_mib} MiB RAM, kernel {os.uname().release}, "
            f"cgroup v1 hybrid ({'cpu and cpuacct mounted separately' if split else 'cpu,cpuacct co-mounted'})",
            f"- JDK: {version([JAVA, '-version'])}; our agent: `{JAVA} {JAVA_OPTS} -jar {os.path.basename(a.jar)}` "
            "(kernel TTL 10 s default, file-system TTL 10 s, cgroup tree watched and scanned every 30 s, default)",
            f"- Netdata: {version(['netdata', '-v'])}; collectd: {collectd_v}; node_exporter: "
            f"{version(['prometheus-node-exporter', '--version'])}; stress-ng: {version(['stress-ng', '--version'])}; "
            f"client: Python {sys.version.split()[0]} (http.client, keep-alive, one connection per endpoint, "
            "outside every measured process tree)",
            f"- every tool collects every {INTERVAL:.0f} s; scrape interval {INTERVAL:.0f} s; window {a.minutes:g} min; "
            f"load average at start {loadavg()}", ""]
    print("\n".join(head), flush=True)
    for n in counts:
        run = Run(a, n)
        try:
            run.run()
            print(run.report(), flush=True)
        finally:
            log(f"N={n}: stopping tools and removing cgroups")
            run.stop()
    print(f"\nLoad average at the end: {loadavg()}", flush=True)


if __name__ == "__main__":
    try:
        main()
    except BenchError as e:
        print(f"bench/collectors: FAILED: {e}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt as e:
        print(f"bench/collectors: interrupted ({e})", file=sys.stderr)
        sys.exit(130)
