#!/usr/bin/env python3
"""Real processes over a lossy network (issue 11, items 2-4).

One memberlist node per Linux network namespace, the namespaces joined by a bridge; packet loss
with `iptables -m statistic --mode random` inside the namespaces (this kernel has no netem, so no
delay is modelled). Nodes are Java agents (`memberlist agent`, one JVM each) and/or Go nodes
(`gopeer node` of interop/gopeer, memberlist v0.7.0), each observed from the host through the
bridge: a Java agent's `GET /v1/events` stream, a Go node's `state` lines (`-watch-ms 250`).
Both sample their member table every 250 ms, so both miss the same short-lived states.

Scenarios (each prints one JSON object per result line on stdout and, with --out, a JSON file):

  check                    exit 0 when namespaces, a bridge and iptables work here, else 3 + reason
  fp                       false positives over a window at each loss level, then kill -9 one node
                           and time its detection, then restart it (same name and address)
  gray                     one node drops --gray-loss of its packets both ways (or flips between
                           healthy and lossy every --flip seconds): its status changes per minute
                           in the others' views, and whether the views agree
  restart                  rolling restart: every node killed (-9) and restarted at once with the
                           same name and address, one every --interval seconds
  smoke                    5 Java nodes, a few seconds of loss, one crash detected (the JUnit test)

Requires root, iproute2, iptables, python3 (standard library only). Everything it creates (named
rn<tag>*) is removed on exit, on failure and on SIGINT/SIGTERM; it kills only the PIDs it started.
`cleanup --tag TAG` removes what a run killed with SIGKILL left behind.
"""

import argparse
import glob
import http.client
import json
import os
import shlex
import signal
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOSSIP_PORT = 7946
HTTP_PORT = 7947
LIVE = ("alive", "suspect", "dead")
IN_CLUSTER = ("alive", "suspect")
DEFAULT_JVM = "-Xmx64m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 " \
              "-XX:ActiveProcessorCount=1 -Xshare:auto"


def log(msg):
    print(time.strftime("%H:%M:%S ") + msg, file=sys.stderr, flush=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def run(cmd, check=True):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=30)
    if check and r.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(cmd), r.stderr.strip()))
    return r


# ---------------------------------------------------------------------------------------------
# the network: a bridge in the host namespace, one namespace per node


class Net:
    """Namespaces rn<tag>n<i> with 10.<a>.<b>.(i+2)/24 on eth0, a veth to bridge rn<tag>b whose
    host address 10.<a>.<b>.1 is where the observer connects from (loss rules exempt it)."""

    def __init__(self, n, tag, subnet):
        self.n, self.tag, self.subnet = n, tag, subnet
        self.bridge = "rn%sb" % tag
        self.host = "%s.1" % subnet
        self.created = []  # namespaces created, for cleanup

    def ns(self, i):
        return "rn%sn%d" % (self.tag, i)

    def ip(self, i):
        return "%s.%d" % (self.subnet, i + 2)

    def up(self):
        raise_neighbour_limits(self.n)
        run(["ip", "link", "add", self.bridge, "type", "bridge"])
        run(["ip", "addr", "add", self.host + "/24", "dev", self.bridge])
        run(["ip", "link", "set", self.bridge, "up"])
        for i in range(self.n):
            ns, veth = self.ns(i), "rn%sv%d" % (self.tag, i)
            run(["ip", "netns", "add", ns])
            self.created.append(ns)
            run(["ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns])
            run(["ip", "link", "set", veth, "master", self.bridge, "up"])
            run(["ip", "-n", ns, "addr", "add", self.ip(i) + "/24", "dev", "eth0"])
            run(["ip", "-n", ns, "link", "set", "eth0", "up"])
            run(["ip", "-n", ns, "link", "set", "lo", "up"])

    def down(self):
        for i, ns in enumerate(self.created):
            # the host end first: deleting a namespace frees its veth pair only asynchronously,
            # and the next cluster of the same run reuses the names
            run(["ip", "link", "del", "rn%sv%d" % (self.tag, i)], check=False)
            run(["ip", "netns", "del", ns], check=False)
        self.created = []
        run(["ip", "link", "del", self.bridge], check=False)

    def set_loss(self, i, p, both=False):
        """Drops a random share p of the packets namespace i receives (and, with both, sends) on
        eth0, except the observer's: p per hop, each packet crossing one receiver's INPUT."""
        ipt = ["ip", "netns", "exec", self.ns(i), "iptables", "-w", "5"]
        run(ipt + ["-F", "INPUT"])
        run(ipt + ["-F", "OUTPUT"])
        if p <= 0:
            return
        prob = "%.4f" % p
        run(ipt + ["-A", "INPUT", "-i", "eth0", "!", "-s", self.host, "-m", "statistic", "--mode", "random",
                   "--probability", prob, "-j", "DROP"])
        if both:
            run(ipt + ["-A", "OUTPUT", "-o", "eth0", "!", "-d", self.host, "-m", "statistic", "--mode",
                       "random", "--probability", prob, "-j", "DROP"])

    def dropped(self, i):
        """Packets the loss rules of namespace i dropped so far."""
        r = run(["ip", "netns", "exec", self.ns(i), "iptables", "-w", "5", "-L", "-v", "-n", "-x"], check=False)
        total = 0
        for line in r.stdout.splitlines():
            parts = line.split()
            if len(parts) > 2 and parts[2] == "DROP" and parts[0].isdigit():
                total += int(parts[0])
        return total


NEIGH = "/proc/sys/net/ipv4/neigh/default/gc_thresh%d"


def raise_neighbour_limits(n):
    """The kernel keeps one ARP table for all namespaces, limited by gc_thresh3 (1024 by default);
    N namespaces that all talk to each other need about N*N entries, and past the limit a new
    neighbour is refused ("neighbor table overflow", the sender sees No route to host). Raises
    the thresholds (never lowers them; a host-wide setting, left raised)."""
    want = (max(128, n * n), max(512, 2 * n * n), max(1024, 4 * n * n))
    for k, v in zip((1, 2, 3), want):
        with open(NEIGH % k) as f:
            cur = int(f.read())
        if cur < v:
            with open(NEIGH % k, "w") as f:
                f.write(str(v))
            log("raised %s from %d to %d" % (NEIGH % k, cur, v))


def cleanup_tag(tag):
    r = run(["ip", "netns", "list"], check=False)
    for line in r.stdout.splitlines():
        name = line.split()[0] if line.split() else ""
        if name.startswith("rn%sn" % tag):
            run(["ip", "netns", "del", name], check=False)
    run(["ip", "link", "del", "rn%sb" % tag], check=False)


# ---------------------------------------------------------------------------------------------
# what every node sees


class Views:
    """Each observer's view of every other node, and every change of state with its time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.view = {}      # observer -> subject -> state
        self.changes = []   # (t, observer, subject, previous, state)

    def snapshot(self, observer, states):
        with self.lock:
            self.view[observer] = dict(states)

    def change(self, observer, subject, state):
        now = time.time()
        with self.lock:
            v = self.view.setdefault(observer, {})
            prev = v.get(subject)
            v[subject] = state  # "gone": a Go node removed a dead or left member from its table
            if prev != state:
                self.changes.append((now, observer, subject, prev, state))

    def forget(self, observer):
        with self.lock:
            self.view.pop(observer, None)

    def state(self, observer, subject):
        with self.lock:
            return self.view.get(observer, {}).get(subject)

    def since(self, t0, t1=None):
        with self.lock:
            return [c for c in self.changes if c[0] >= t0 and (t1 is None or c[0] < t1)]


# ---------------------------------------------------------------------------------------------
# nodes


class Node:
    def __init__(self, idx, kind, net, views, opts, logdir):
        self.idx, self.kind, self.net, self.views, self.opts = idx, kind, net, views, opts
        self.logdir = logdir
        self.name = "%s%02d" % ("j" if kind == "java" else "g", idx)
        self.ip = net.ip(idx)
        self.proc = None
        self.generation = 0
        self.ready = threading.Event()
        self.ready_at = None  # when the current process reported ready
        self.logf = None

    def start(self, join):
        self.generation += 1
        gen = self.generation
        self.ready.clear()
        self.ready_at = None
        self.views.forget(self.name)
        ns = ["ip", "netns", "exec", self.net.ns(self.idx)]
        logpath = os.path.join(self.logdir, "%s.%d.log" % (self.name, gen))
        self.logf = open(logpath, "w")
        if self.kind == "java":
            cmd = ns + self.opts.agent + ["agent", "--name", self.name, "--bind", "%s:%d" % (self.ip, GOSSIP_PORT),
                                          "--http", "%s:%d" % (self.ip, HTTP_PORT), "--preset", "lan",
                                          "--no-leave-on-term"]
            for j in join:
                cmd += ["--join", "%s:%d" % (j, GOSSIP_PORT)]
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self.logf, stderr=subprocess.STDOUT)
            threading.Thread(target=self._sse, args=(gen,), daemon=True).start()
        else:
            cmd = ns + [self.opts.gopeer, "node", "-name", self.name, "-bind", self.ip, "-port", str(GOSSIP_PORT),
                        "-preset", "lan", "-watch-ms", "250"]
            if join:
                cmd += ["-join", ",".join("%s:%d" % (j, GOSSIP_PORT) for j in join)]
            self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.logf,
                                         text=True, bufsize=1)
            threading.Thread(target=self._go_lines, args=(self.proc, gen), daemon=True).start()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self):
        """SIGKILL to the PID this harness started (ip netns exec execs the node in place)."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        if self.logf:
            self.logf.close()
            self.logf = None

    def _go_lines(self, proc, gen):
        for line in proc.stdout:
            try:
                ev = json.loads(line)
            except ValueError:
                continue
            e = ev.get("event")
            if e == "ready" and self.generation == gen:
                self.ready_at = self.ready_at or time.time()
                self.ready.set()
            elif e == "state" and self.generation == gen:
                self.views.change(self.name, ev["node"], ev["state"])
            if self.logf and e != "state":
                try:
                    self.logf.write(line)
                except ValueError:
                    pass

    def _sse(self, gen):
        """Follows the agent's event stream, reconnecting while this generation's process runs."""
        deadline = time.time() + 120
        while self.generation == gen and self.alive():
            try:
                conn = http.client.HTTPConnection(self.ip, HTTP_PORT, timeout=30)
                conn.request("GET", "/v1/events")
                resp = conn.getresponse()
                if resp.status != 200:
                    raise OSError("status %d" % resp.status)
                deadline = time.time() + 120  # a stream that breaks later gets reconnected too
                event = None
                for raw in resp:
                    line = raw.decode("utf-8", "replace").rstrip("\r\n")
                    if self.generation != gen:
                        break
                    if line.startswith("event:"):
                        event = line[6:].strip()
                    elif line.startswith("data:") and event in ("snapshot", "member"):
                        data = json.loads(line[5:])
                        if event == "snapshot":
                            self.views.snapshot(self.name, {m["name"]: m["state"] for m in data["members"]
                                                            if m["name"] != self.name})
                            self.ready_at = self.ready_at or time.time()
                            self.ready.set()
                        elif data["member"]["name"] != self.name:
                            self.views.change(self.name, data["member"]["name"], data["member"]["state"])
                conn.close()
            except (OSError, ValueError, http.client.HTTPException):
                if time.time() > deadline:
                    return
                time.sleep(0.3)


class Cluster:
    runs = 0

    def __init__(self, opts, kinds):
        Cluster.runs += 1
        self.run = Cluster.runs
        self.logdir = os.path.join(opts.logdir, "cluster-%d" % self.run)
        os.makedirs(self.logdir, exist_ok=True)
        self.opts = opts
        self.net = Net(len(kinds), opts.tag, opts.subnet)
        self.views = Views()
        self.nodes = [Node(i, k, self.net, self.views, opts, self.logdir) for i, k in enumerate(kinds)]

    def __enter__(self):
        try:
            self.net.up()
        except BaseException:
            self.net.down()
            raise
        return self

    def __exit__(self, *exc):
        for n in self.nodes:
            n.kill()
        self.net.down()
        path = os.path.join(self.logdir, "changes.jsonl")
        with open(path, "w") as f:  # every change every node saw, for a closer look
            for (t, o, s, prev, st) in self.views.since(0):
                f.write(json.dumps({"t": round(t, 3), "observer": o, "subject": s, "previous": prev, "state": st}) + "\n")

    def names(self):
        return [n.name for n in self.nodes]

    def start_all(self, bound=240):
        seed = self.nodes[0]
        seed.start([])
        if not seed.ready.wait(60):
            raise RuntimeError("seed %s did not start (log in %s)" % (seed.name, self.logdir))
        for n in self.nodes[1:]:
            n.start([seed.ip])
            time.sleep(self.opts.stagger)
        return self.wait_all_alive(bound)

    def live(self):
        return [n for n in self.nodes if n.alive()]

    def wait_all_alive(self, bound, subjects=None):
        """Seconds until every live node sees every live node (or `subjects`) alive, or None."""
        t0 = time.time()
        while time.time() - t0 < bound:
            live = self.live()
            subj = subjects or [n.name for n in live]
            if all(self.views.state(o.name, s) == "alive" for o in live for s in subj if s != o.name):
                return time.time() - t0
            time.sleep(0.25)
        return None

    def set_loss(self, p):
        for i in range(len(self.nodes)):
            self.net.set_loss(i, p)

    def restart(self, node):
        node.kill()
        others = [n.ip for n in self.nodes if n is not node and n.alive()]
        node.start(others[:3])


def status_changes(changes, subjects, observers):
    """Changes into suspect or dead of `subjects` in the views of `observers`."""
    out = {"suspect": 0, "dead": 0}
    for (_, o, s, _, st) in changes:
        if s in subjects and o in observers and st in out:
            out[st] += 1
    return out


# ---------------------------------------------------------------------------------------------
# scenarios


def emit(opts, result):
    result["load"] = loadavg()
    print(json.dumps(result), flush=True)
    opts.results.append(result)


def crash_once(opts, c, victim, loss):
    """Kills victim (-9) and waits until every other live node sees it dead (or removed)."""
    observers = [n.name for n in c.live() if n is not victim]
    t0 = time.time()
    victim.kill()
    first_suspect = first_dead = None
    seen = set()
    while time.time() - t0 < opts.crash_bound:
        for (t, o, s, _, st) in c.views.since(t0):
            if s != victim.name:
                continue
            if st == "suspect" and first_suspect is None:
                first_suspect = t - t0
            if st == "dead" and first_dead is None:
                first_dead = t - t0
        seen = {o for o in observers if c.views.state(o, victim.name) in ("dead", "gone")}
        if len(seen) == len(observers):
            break
        time.sleep(0.25)
    t_all = time.time() - t0 if len(seen) == len(observers) else None
    return {"victim": victim.name, "loss": loss, "observers": len(observers), "detected_by": len(seen),
            "first_suspect_s": r2(first_suspect), "first_dead_s": r2(first_dead), "all_dead_s": r2(t_all)}


def dead_if_gone(state):
    """A member a Go node dropped from its table after declaring it dead counts as dead."""
    return "dead" if state in (None, "gone") else state


def r2(x):
    return None if x is None else round(x, 2)


def scenario_fp(opts, kinds, impl):
    with Cluster(opts, kinds) as c:
        t = c.start_all()
        emit(opts, {"scenario": "fp", "impl": impl, "phase": "converged", "n": len(kinds), "seconds": r2(t)})
        if t is None:
            return
        for li, loss in enumerate(opts.loss):
            c.set_loss(loss / 100.0)
            time.sleep(opts.warmup)
            names = c.names()
            t0 = time.time()
            time.sleep(opts.window)
            ch = c.views.since(t0)
            fp = status_changes(ch, names, names)
            node_min = len(names) * opts.window / 60.0
            dropped = sum(c.net.dropped(i) for i in range(len(c.nodes)))
            res = {"scenario": "fp", "impl": impl, "n": len(names), "loss_pct": loss, "window_s": opts.window,
                   "suspect_events": fp["suspect"], "dead_events": fp["dead"],
                   "suspect_per_node_min": round(fp["suspect"] / node_min, 3),
                   "dead_per_node_min": round(fp["dead"] / node_min, 3), "dropped_packets": dropped}
            victim = c.nodes[1 + li % (len(c.nodes) - 1)]
            res["crash"] = crash_once(opts, c, victim, loss)
            c.restart(victim)
            back = c.wait_all_alive(opts.crash_bound, [victim.name])
            res["crash"]["restart_all_alive_s"] = r2(back)
            emit(opts, res)


def scenario_gray(opts, kinds, impl, flip):
    with Cluster(opts, kinds) as c:
        t = c.start_all()
        emit(opts, {"scenario": "gray-flip" if flip else "gray", "impl": impl, "phase": "converged", "n": len(kinds), "seconds": r2(t)})
        if t is None:
            return
        gray = c.nodes[-1]
        others = [n.name for n in c.nodes if n is not gray]
        t0 = time.time()
        lossy = False
        samples = agree = 0
        final = {}
        next_flip = t0
        while time.time() - t0 < opts.window:
            now = time.time()
            if now >= next_flip:
                lossy = not lossy if flip else True
                c.net.set_loss(gray.idx, opts.gray_loss if lossy else 0.0, both=True)
                next_flip = now + (opts.flip if flip else 1e9)
            states = [dead_if_gone(c.views.state(o, gray.name)) for o in others]
            samples += 1
            agree += len(set(states)) == 1
            time.sleep(1.0)
        c.net.set_loss(gray.idx, 0.0, both=True)
        for o in others:
            s = dead_if_gone(c.views.state(o, gray.name))
            final[s] = final.get(s, 0) + 1
        ch = c.views.since(t0, t0 + opts.window)
        per_obs = {}
        for (_, o, s, prev, st) in ch:
            if s == gray.name and o in others and prev is not None and st in LIVE:
                per_obs[o] = per_obs.get(o, 0) + 1
        minutes = opts.window / 60.0
        counts = [per_obs.get(o, 0) for o in others]
        collateral = status_changes(ch, others, others)
        # What an application sees: the gray member entering or leaving the cluster in a view (alive or
        # suspect on one side; dead, left or dropped on the other), as Go's NotifyJoin / NotifyLeave.
        # And when its status (any change, `left` included) last changed, in any view.
        member_obs = {}
        mine = [(t, o, prev, st) for (t, o, s, prev, st) in ch if s == gray.name and o in others and prev is not None]
        for (_, o, prev, st) in mine:
            if (prev in IN_CLUSTER) != (st in IN_CLUSTER):
                member_obs[o] = member_obs.get(o, 0) + 1
        member_counts = [member_obs.get(o, 0) for o in others]
        onset = min((t for (t, _, _, _) in mine), default=None)
        late = {}
        for (t, o, _, _) in mine:
            if onset is not None and t > onset + 60.0:
                late[o] = late.get(o, 0) + 1
        emit(opts, {"scenario": "gray-flip" if flip else "gray", "impl": impl, "n": len(kinds),
                    "gray": gray.name, "gray_loss": opts.gray_loss, "flip_s": opts.flip if flip else None,
                    "window_s": opts.window, "changes_total": sum(counts),
                    "changes_per_observer_min": round(sum(counts) / len(others) / minutes, 2),
                    "max_changes_one_observer": max(counts), "observers_with_changes": sum(1 for x in counts if x),
                    "views_agree_pct": round(100.0 * agree / max(samples, 1), 1), "final_states": final,
                    "collateral_suspect": collateral["suspect"], "collateral_dead": collateral["dead"],
                    "member_changes_total": sum(member_counts),
                    "max_member_changes_one_observer": max(member_counts),
                    "first_change_s": r2(None if onset is None else onset - t0),
                    "last_change_s": r2(max((t for (t, _, _, _) in mine), default=t0) - t0 if mine else None),
                    "max_changes_one_observer_after_first_minute": max((late.get(o, 0) for o in others), default=0)})


def scenario_restart(opts, kinds, impl):
    with Cluster(opts, kinds) as c:
        t = c.start_all(bound=opts.crash_bound * 4)
        emit(opts, {"scenario": "restart", "impl": impl, "phase": "converged", "n": len(kinds), "seconds": r2(t)})
        if t is None:
            return
        t0 = time.time()
        for n in c.nodes:
            c.restart(n)
            time.sleep(opts.interval)
        t_roll = time.time() - t0
        settle = c.wait_all_alive(opts.crash_bound * 2)
        time.sleep(opts.after)  # flaps after the cluster settled
        names = c.names()
        ch = c.views.since(t0)
        # after a node's new process is up, any suspect or dead of it in another view is a flap
        flaps = {}
        for n in c.nodes:
            up = n.ready_at or float("inf")
            flaps[n.name] = sum(1 for (t, o, subj, _, st) in ch
                                if subj == n.name and o != n.name and t > up and st in ("suspect", "dead"))
        stays = [s for s in names
                 if any(c.views.state(o.name, s) != "alive" for o in c.live() if o.name != s)]
        during = status_changes(ch, names, names)
        emit(opts, {"scenario": "restart", "impl": impl, "n": len(names), "interval_s": opts.interval,
                    "roll_s": r2(t_roll), "all_alive_after_roll_s": r2(settle),
                    "not_alive_everywhere_at_end": stays, "not_up": [n.name for n in c.nodes if not n.ready_at],
                    "nodes_flapping_after_restart": sorted(s for s in names if flaps[s]),
                    "changes_after_restart": sum(flaps.values()),
                    "suspect_events": during["suspect"], "dead_events": during["dead"]})


def scenario_smoke(opts):
    kinds = ["java"] * opts.nodes
    with Cluster(opts, kinds) as c:
        t = c.start_all(bound=120)
        res = {"scenario": "smoke", "n": len(kinds), "converged_s": r2(t)}
        if t is not None:
            c.set_loss(opts.loss[0] / 100.0)
            time.sleep(opts.window)
            res["loss_pct"] = opts.loss[0]
            res["dropped_packets"] = sum(c.net.dropped(i) for i in range(len(c.nodes)))
            res["crash"] = crash_once(opts, c, c.nodes[-1], opts.loss[0])
        emit(opts, res)


# ---------------------------------------------------------------------------------------------


def check():
    if os.geteuid() != 0:
        return "not root (network namespaces and iptables need root)"
    for tool in ("ip", "iptables"):
        if subprocess.run(["sh", "-c", "command -v " + tool], stdout=subprocess.DEVNULL).returncode != 0:
            return "no `%s` on PATH (apt-get install iproute2 iptables)" % tool
    tag = "c%d" % (os.getpid() % 100000)
    net = Net(1, tag, "10.254.%d" % (os.getpid() % 250))
    try:
        net.up()
        net.set_loss(0, 0.5)
        net.set_loss(0, 0.0)
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
        return "cannot create a network namespace, bridge or iptables rule here: %s" % e
    finally:
        net.down()
    return None


def default_agent():
    jars = sorted(glob.glob(os.path.join(ROOT, "memberlist-cli", "target", "memberlist-cli-*-all.jar")))
    if not jars:
        return None
    return ["java"] + DEFAULT_JVM.split() + ["-jar", jars[-1]]


def default_gopeer():
    out = os.path.join(ROOT, "bench", "realnet", ".cache", "gopeer-v070")
    src = glob.glob(os.path.join(ROOT, "interop", "gopeer", "*.go")) + [
        os.path.join(ROOT, "interop", "gopeer", f) for f in ("go.mod", "go.sum", "build.sh")]
    if not os.path.exists(out) or any(os.path.getmtime(f) > os.path.getmtime(out) for f in src):
        os.makedirs(os.path.dirname(out), exist_ok=True)
        log("building gopeer (memberlist v0.7.0) into " + out)
        subprocess.run([os.path.join(ROOT, "interop", "gopeer", "build.sh"), "v070", out], check=True)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenario", choices=["check", "fp", "gray", "gray-flip", "restart", "smoke", "cleanup"])
    ap.add_argument("--impl", default="java", help="java, go or mixed (alternating); comma list runs each")
    ap.add_argument("--nodes", type=int, default=24)
    ap.add_argument("--loss", default="0,5,10,20", help="loss levels in %% (fp; smoke uses the first)")
    ap.add_argument("--window", type=float, default=120, help="seconds measured per loss level / gray run")
    ap.add_argument("--warmup", type=float, default=10, help="seconds after changing the loss, not counted")
    ap.add_argument("--gray-loss", type=float, default=0.8)
    ap.add_argument("--flip", type=float, default=20, help="gray-flip: seconds between healthy and lossy")
    ap.add_argument("--interval", type=float, default=2, help="restart: seconds between two restarts")
    ap.add_argument("--after", type=float, default=30, help="restart: seconds watched after the cluster settled")
    ap.add_argument("--crash-bound", type=float, default=60, help="seconds to wait for a detection / rejoin")
    ap.add_argument("--stagger", type=float, default=0.3, help="seconds between two node starts")
    ap.add_argument("--agent", help="command that runs the CLI (default: java %s -jar "
                                    "memberlist-cli/target/memberlist-cli-*-all.jar)" % DEFAULT_JVM)
    ap.add_argument("--gopeer", help="gopeer binary (default: built from interop/gopeer, memberlist v0.7.0)")
    ap.add_argument("--tag", default=str(os.getpid() % 10000), help="name prefix rn<TAG> of namespaces/links")
    ap.add_argument("--subnet", help="first three octets of the private /24 (default 10.211.<pid%%250>)")
    ap.add_argument("--out", help="write the results as a JSON array here")
    ap.add_argument("--logdir", help="node logs (default: a temporary folder, printed)")
    opts = ap.parse_args()
    if opts.scenario == "cleanup":
        cleanup_tag(opts.tag)
        return 0
    reason = check()
    if opts.scenario == "check" or reason:
        if reason:
            print("realnet unavailable: " + reason, flush=True)
            return 3
        print("realnet available", flush=True)
        return 0
    if not 2 <= opts.nodes <= 200:
        ap.error("--nodes must be 2..200")
    opts.loss = [float(x) for x in opts.loss.split(",")]
    opts.subnet = opts.subnet or "10.211.%d" % (os.getpid() % 250)
    opts.logdir = opts.logdir or subprocess.run(["mktemp", "-d", "/tmp/realnet.XXXXXX"], stdout=subprocess.PIPE,
                                                text=True).stdout.strip()
    os.makedirs(opts.logdir, exist_ok=True)
    log("node logs in " + opts.logdir)
    opts.results = []
    impls = opts.impl.split(",")
    opts.agent = shlex.split(opts.agent) if opts.agent else default_agent()
    if opts.agent is None and (opts.scenario == "smoke" or any(i != "go" for i in impls)):
        ap.error("no memberlist-cli/target/memberlist-cli-*-all.jar: build it (bin/memberlist version) or give --agent")
    if any(i != "java" for i in impls) and opts.scenario != "smoke":
        opts.gopeer = opts.gopeer or default_gopeer()

    def on_signal(signum, frame):
        raise KeyboardInterrupt()

    signal.signal(signal.SIGTERM, on_signal)
    try:
        if opts.scenario == "smoke":
            scenario_smoke(opts)
        for impl in (impls if opts.scenario != "smoke" else []):
            if impl == "java":
                kinds = ["java"] * opts.nodes
            elif impl == "go":
                kinds = ["go"] * opts.nodes
            elif impl == "mixed":
                kinds = ["java" if i % 2 == 0 else "go" for i in range(opts.nodes)]
            else:
                ap.error("unknown --impl " + impl)
            log("%s %s, %d nodes, load %s" % (opts.scenario, impl, opts.nodes, loadavg()))
            if opts.scenario == "fp":
                scenario_fp(opts, kinds, impl)
            elif opts.scenario in ("gray", "gray-flip"):
                scenario_gray(opts, kinds, impl, opts.scenario == "gray-flip")
            elif opts.scenario == "restart":
                scenario_restart(opts, kinds, impl)
    finally:
        if opts.out:
            with open(opts.out, "w") as f:
                json.dump(opts.results, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
