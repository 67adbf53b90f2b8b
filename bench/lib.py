"""Process control and measurement for bench/bench.py (stdlib only).

Every figure comes from the kernel's accounting of the worker process:
wall time from CLOCK_MONOTONIC, CPU from /proc/PID/stat (utime + stime,
sampled by the watchers in bench/rawkafka.c at the first and last record)
and from wait4()'s rusage at exit, peak RSS from that rusage (ru_maxrss),
idle RSS from /proc/PID/status (VmRSS). Nothing is taken from a program's
own logs or metrics.
"""
import http.client
import json
import os
import signal
import socket
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RAWKAFKA = os.path.join(ROOT, "build", "bench", "rawkafka")


def log(msg):
    print(f"bench: {msg}", flush=True)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def write_props(path, props):
    with open(path, "w") as f:
        for k, v in props.items():
            f.write(f"{k}={v}\n")


def http_get(port, path, timeout=2.0):
    """(status, body) or (None, None) when nothing answers."""
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        c.request("GET", path)
        r = c.getresponse()
        body = r.read()
        c.close()
        return r.status, body
    except (OSError, http.client.HTTPException):
        return None, None


def http_post_json(port, path, obj, timeout=60.0):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    c.request("POST", path, body=json.dumps(obj), headers={"Content-Type": "application/json"})
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, body


def proc_status_kb(pid, key):
    """A kB figure from /proc/PID/status (VmRSS, VmHWM), or None."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def proc_cpu_s(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


class Child:
    """A worker process we started; reaped with wait4() for its rusage.

    It runs in its own session so a Ctrl-C of the benchmark does not reach
    it before we stop it ourselves (by pid, never by name)."""

    live = {}

    def __init__(self, argv, logfile, env=None):
        self.argv = argv
        self.logf = open(logfile, "ab")
        self.t_start = time.monotonic()
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self.logf,
                                     stderr=subprocess.STDOUT, start_new_session=True,
                                     env=env, cwd=ROOT)
        self.pid = self.proc.pid
        self.rusage = None
        self.status = None
        Child.live[self.pid] = self

    def alive(self):
        if self.status is not None:
            return False
        pid, status, ru = os.wait4(self.pid, os.WNOHANG)
        if pid == 0:
            return True
        self._reaped(status, ru)
        return False

    def _reaped(self, status, ru):
        self.status = status
        self.rusage = ru
        self.proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
        self.logf.close()
        Child.live.pop(self.pid, None)

    def wait(self, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if not self.alive():
                return True
            time.sleep(0.02)
        return not self.alive()

    def stop(self, grace=60):
        """SIGTERM, then SIGKILL after `grace` seconds; returns the rusage."""
        if self.alive():
            os.kill(self.pid, signal.SIGTERM)
            if not self.wait(grace):
                log(f"pid {self.pid} still running {grace}s after SIGTERM: SIGKILL")
                os.kill(self.pid, signal.SIGKILL)
                self.wait(30)
        return self.rusage

    def usage(self):
        """Totals over the whole life of the process (after stop())."""
        ru = self.rusage
        return {"cpu_total_s": round(ru.ru_utime + ru.ru_stime, 3),
                "peak_rss_mb": round(ru.ru_maxrss / 1024, 1)}

    @classmethod
    def stop_all(cls):
        for c in list(cls.live.values()):
            try:
                c.stop(grace=10)
            except (OSError, ChildProcessError):
                pass


def wait_ready(port, child, timeout):
    """Seconds from launch until GET / answers 200 (Java's REST port answers
    404 for a while before it is ready), polled every millisecond."""
    end = child.t_start + timeout
    while time.monotonic() < end:
        status, _ = http_get(port, "/", timeout=1.0)
        if status == 200:
            return time.monotonic() - child.t_start
        if not child.alive():
            raise RuntimeError(f"worker exited during startup (see its log)")
        time.sleep(0.001)
    raise RuntimeError(f"GET / did not answer 200 within {timeout}s")


def wait_running(port, names, timeout):
    end = time.monotonic() + timeout
    pending = set(names)
    while pending and time.monotonic() < end:
        for n in list(pending):
            status, body = http_get(port, f"/connectors/{n}/status")
            if status == 200:
                s = json.loads(body)
                tasks = s.get("tasks", [])
                if s["connector"]["state"] == "RUNNING" and tasks and all(
                        t["state"] == "RUNNING" for t in tasks):
                    pending.discard(n)
        if pending:
            time.sleep(0.1)
    if pending:
        raise RuntimeError(f"connectors not RUNNING within {timeout}s: {sorted(pending)}")


def rawkafka(*args, timeout=None, capture=True):
    r = subprocess.run([RAWKAFKA, *map(str, args)], stdout=subprocess.PIPE if capture else None,
                       stderr=subprocess.PIPE, timeout=timeout, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"rawkafka {args[0]} failed: {r.stderr.strip()}")
    return r.stdout


def start_watch(*args):
    """A watcher (rawkafka watch-file / watch-topic) in the background."""
    return subprocess.Popen([RAWKAFKA, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish_watch(w, child, timeout):
    """The watcher's JSON; fails early when the worker dies first."""
    end = time.monotonic() + timeout
    while w.poll() is None:
        if time.monotonic() > end:
            w.kill()
            w.wait()
            raise RuntimeError("watcher timed out")
        time.sleep(0.05)
    out, err = w.communicate()
    if w.returncode != 0:
        raise RuntimeError(f"watch failed: {err.strip()}")
    return json.loads(out)


def count_lines(path):
    n = 0
    with open(path, "rb") as f:
        while True:
            b = f.read(1 << 22)
            if not b:
                return n
            n += b.count(b"\n")


def median(xs):
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    m = len(xs) // 2
    return xs[m] if len(xs) % 2 else (xs[m - 1] + xs[m]) / 2
