#!/usr/bin/env python3
"""connectd vs Apache Kafka Connect's Java worker vs raw librdkafka.

Run through `make bench` / `make bench-quick` (bench/run); bench/README.md
says what each scenario measures and how to reproduce each figure.
Writes bench/results/latest.{json,md,png}.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the work tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report  # noqa: E402
from lib import (ROOT, RAWKAFKA, Child, count_lines, finish_watch, free_port, http_get,  # noqa: E402
                 http_post_json, log, proc_cpu_s, proc_status_kb, rawkafka, start_watch, wait_ready,
                 wait_running, write_props)

KAFKA_SERVICE = os.path.join(ROOT, "tests", "services", "kafka")
JAVA_WORKER = os.path.join(ROOT, "bench", "java-worker")
MARKER = "~END~"          # in the pad of the last record: the watchers wait for it
DROP_EVERY = 100          # one record in 100 carries the header the Filter drops
TS0 = 1700000000000
JSON = "org.apache.kafka.connect.json.JsonConverter"

TRANSFORM_CLASSES = [
    "org.apache.kafka.connect.transforms.InsertField$Value",
    "org.apache.kafka.connect.transforms.ReplaceField$Value",
    "org.apache.kafka.connect.transforms.Cast$Value",
    "org.apache.kafka.connect.transforms.TimestampRouter",
    "org.apache.kafka.connect.transforms.Filter",
    "org.apache.kafka.connect.transforms.predicates.HasHeaderKey",
]
# Scenario 4: the same connector config for both workers (Java class names).
TRANSFORM_CHAIN = {
    "transforms": "insert,rename,cast,route,drop",
    "transforms.insert.type": "org.apache.kafka.connect.transforms.InsertField$Value",
    "transforms.insert.static.field": "origin",
    "transforms.insert.static.value": "bench",
    "transforms.rename.type": "org.apache.kafka.connect.transforms.ReplaceField$Value",
    "transforms.rename.renames": "user:username",
    "transforms.cast.type": "org.apache.kafka.connect.transforms.Cast$Value",
    "transforms.cast.spec": "amount:float64",
    "transforms.route.type": "org.apache.kafka.connect.transforms.TimestampRouter",
    "transforms.route.topic.format": "${topic}-${timestamp}",
    "transforms.route.timestamp.format": "yyyyMMdd",
    "transforms.drop.type": "org.apache.kafka.connect.transforms.Filter",
    "transforms.drop.predicate": "isdrop",
    "predicates": "isdrop",
    "predicates.isdrop.type": "org.apache.kafka.connect.transforms.predicates.HasHeaderKey",
    "predicates.isdrop.name": "bench-drop",
}
SCHEMA_PREFIX = ('{"schema":{"type":"struct","fields":['
                 '{"type":"int64","optional":false,"field":"id"},'
                 '{"type":"string","optional":false,"field":"user"},'
                 '{"type":"int64","optional":false,"field":"ts"},'
                 '{"type":"int32","optional":false,"field":"amount"},'
                 '{"type":"string","optional":false,"field":"pad"}],'
                 '"optional":false,"name":"bench.Record"},"payload":')


class Bench:
    def __init__(self, opts):
        self.o = opts
        self.work = os.path.join(ROOT, ".cache", "bench-work")
        self.bootstrap = f"127.0.0.1:{opts.kafka_port}"
        self.connectd = os.path.abspath(os.environ.get("CONNECTD_BIN", os.path.join(ROOT, "bin", "connectd")))
        self.seq = 0
        self.results = {"startup": {}, "flows": [], "skipped": {}}

    # ---- workers ----

    def worker_argv(self, kind):
        if kind == "connectd":
            return [self.connectd, "standalone"]
        return [JAVA_WORKER, "standalone"]

    def worker_props(self, kind, rundir, port, schemas, flow=False):
        p = {
            "bootstrap.servers": self.bootstrap,
            "key.converter": JSON,
            "value.converter": JSON,
            "key.converter.schemas.enable": str(schemas).lower(),
            "value.converter.schemas.enable": str(schemas).lower(),
            "offset.storage.file.filename": os.path.join(rundir, "offsets"),
            "offset.flush.interval.ms": "10000",   # Kafka's shipped connect-standalone.properties
            "listeners": f"http://127.0.0.1:{port}",
        }
        if kind == "java-best" or (kind == "java" and flow and self.o.java_flows == "service_load"):
            p["plugin.discovery"] = "service_load"
        return p

    def rundir(self, label):
        self.seq += 1
        d = os.path.join(self.work, "runs", f"{self.seq:03d}-{label}")
        os.makedirs(d)
        return d

    def uniq(self, label):
        return f"{label}-{os.getpid()}-{self.seq}"

    # ---- broker and data ----

    def start_broker(self):
        env = dict(os.environ, KAFKA_PORT=str(self.o.kafka_port),
                   KAFKA_STATE_DIR=os.path.join(ROOT, ".cache", "bench-kafka-state"))
        self.broker_env = env
        # A fresh cluster every run: `start` reuses a running broker as is,
        # and data left from an earlier run would double the topics.
        self.stop_broker()
        log(f"starting the bench broker at {self.bootstrap} (tests/services/kafka)")
        subprocess.run([KAFKA_SERVICE, "start"], env=env, check=True, stdout=subprocess.DEVNULL)

    def stop_broker(self, wipe=False):
        subprocess.run([KAFKA_SERVICE, "stop"], env=self.broker_env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        if wipe:  # the topics hold gigabytes after a full run
            shutil.rmtree(os.path.join(self.broker_env["KAFKA_STATE_DIR"], "data"), ignore_errors=True)

    def gen_data(self, size):
        """data-SIZE.txt: N JSON objects of exactly SIZE bytes (the record
        value without schemas, and the FileStreamSource input);
        data-SIZE-schema.txt: the same objects in Kafka Connect's JSON
        envelope with a struct schema."""
        n = self.o.records
        plain = os.path.join(self.work, f"data-{size}.txt")
        schema = os.path.join(self.work, f"data-{size}-schema.txt")
        pads = {}
        with open(plain, "w") as fp, open(schema, "w") as fs:
            for i in range(n):
                head = f'{{"id":{i},"user":"user-{i:07d}","ts":{TS0 + i},"amount":{i % 10000},"pad":"'
                k = size - len(head) - 2
                if i == n - 1:
                    pad = MARKER + "x" * (k - len(MARKER))
                else:
                    pad = pads.get(k) or pads.setdefault(k, "x" * k)
                obj = head + pad + '"}'
                fp.write(obj + "\n")
                fs.write(SCHEMA_PREFIX + obj + "}\n")
        return plain, schema

    def load_data(self):
        os.makedirs(self.work, exist_ok=True)
        self.data = {}
        for size in self.o.sizes:
            t = time.monotonic()
            plain, schema = self.gen_data(size)
            for schemas, path in ((False, plain), (True, schema)):
                topic = f"bench-{size}-{'schema' if schemas else 'plain'}"
                rawkafka("produce", self.bootstrap, topic, path, DROP_EVERY, timeout=1800)
                self.data[(size, schemas)] = topic
            self.data[("file", size)] = plain
            log(f"data {size} B: {self.o.records} records in 2 topics and a file "
                f"({time.monotonic() - t:.1f}s)")
        idle = os.path.join(self.work, "idle-one.txt")
        with open(idle, "w") as f:
            f.write('{"idle":true}\n')
        for t in ("bench-idle-a", "bench-idle-b"):
            rawkafka("produce", self.bootstrap, t, idle)

    # ---- preflight ----

    def transforms_available(self):
        """Scenario 4 needs connectd's transform plugins; ask a running
        connectd which plugins it has, as a user would."""
        d = self.rundir("preflight")
        port = free_port()
        write_props(os.path.join(d, "worker.properties"), self.worker_props("connectd", d, port, True))
        c = Child(self.worker_argv("connectd") + [os.path.join(d, "worker.properties")],
                  os.path.join(d, "worker.log"))
        try:
            wait_ready(port, c, 30)
            status, body = http_get(port, "/connector-plugins?connectorsOnly=false")
            have = {p["class"] for p in json.loads(body)} if status == 200 else set()
        finally:
            c.stop()
            shutil.rmtree(d, ignore_errors=True)
        missing = [k for k in TRANSFORM_CLASSES if k not in have]
        return missing

    # ---- scenario 1: start to REST-ready, idle RSS with three connectors ----

    def run_startup(self, kind):
        d = self.rundir(f"startup-{kind}")
        port = free_port()
        idle_file = os.path.join(d, "idle-source.txt")
        open(idle_file, "w").close()
        conns = {
            "idle-source": {"connector.class": "FileStreamSource", "tasks.max": "1", "file": idle_file,
                            "topic": self.uniq("bench-idle-src")},
            "idle-sink-a": {"connector.class": "FileStreamSink", "tasks.max": "1",
                            "file": os.path.join(d, "a.txt"), "topics": "bench-idle-a"},
            "idle-sink-b": {"connector.class": "FileStreamSink", "tasks.max": "1",
                            "file": os.path.join(d, "b.txt"), "topics": "bench-idle-b"},
        }
        files = [os.path.join(d, "worker.properties")]
        write_props(files[0], self.worker_props(kind, d, port, True))
        for name, cfg in conns.items():
            files.append(os.path.join(d, f"{name}.properties"))
            write_props(files[-1], {"name": name, **cfg})
        c = Child(self.worker_argv(kind) + files, os.path.join(d, "worker.log"))
        try:
            ready = wait_ready(port, c, 120)
            wait_running(port, list(conns), 120)
            time.sleep(self.o.settle)
            cpu0, t0 = proc_cpu_s(c.pid), time.monotonic()
            time.sleep(2)
            idle_cpu = (proc_cpu_s(c.pid) - cpu0) / (time.monotonic() - t0)
            rss = proc_status_kb(c.pid, "VmRSS")
        finally:
            c.stop()
        r = {"ready_ms": round(ready * 1000, 1), "idle_rss_mb": round(rss / 1024, 1),
             "idle_cpu_pct": round(idle_cpu * 100, 2), **c.usage()}
        log(f"  startup {kind:9s} ready {r['ready_ms']:8.1f} ms  idle RSS {r['idle_rss_mb']:6.1f} MB")
        shutil.rmtree(d, ignore_errors=True)
        return r

    # ---- scenarios 2-5: records through a worker ----

    def run_flow(self, scenario, size, schemas, kind):
        """One worker moves the N records; the window runs from the moment
        the connector is created over REST (the raw program: from its
        launch) until the last record has arrived, so connector start-up
        and the consumer group join count, identically for every worker."""
        n = self.o.records
        d = self.rundir(f"{scenario}-{size}-{'s' if schemas else 'p'}-{kind}")
        port = free_port()
        out = os.path.join(d, "out.txt")
        topic_in = self.data[(size, schemas)]
        topic_out = self.uniq(f"bench-src-{size}")
        expected = n
        if scenario in ("sink", "transforms"):
            if kind == "raw":
                argv = [RAWKAFKA, "consume", self.bootstrap, topic_in, n, out]
            else:
                cfg = {"connector.class": "FileStreamSink", "tasks.max": "1", "file": out, "topics": topic_in}
                if scenario == "transforms":
                    cfg.update(TRANSFORM_CHAIN)
                    expected = n - sum(1 for i in range(n - 1) if i % DROP_EVERY == DROP_EVERY // 2)
            watch = ("watch-file", out, MARKER)
        else:  # source
            src = self.data[("file", size)]
            if kind == "raw":
                argv = [RAWKAFKA, "produce", self.bootstrap, topic_out, src]
            else:
                cfg = {"connector.class": "FileStreamSource", "tasks.max": "1", "file": src, "topic": topic_out}
            watch = ("watch-topic", self.bootstrap, topic_out, n)
        if kind != "raw":
            wp = os.path.join(d, "worker.properties")
            write_props(wp, self.worker_props(kind, d, port, schemas, flow=True))
            argv = self.worker_argv(kind) + [wp]
        if scenario == "source":
            # Created beforehand, as a production topic would be: auto-creation
            # on the first produce costs every worker about a second.
            rawkafka("create-topic", self.bootstrap, topic_out, timeout=60)
        c = Child([str(a) for a in argv], os.path.join(d, "worker.log"))
        try:
            if kind == "raw":
                t0, cpu0 = c.t_start, 0.0
                w = start_watch(*watch, c.pid, self.o.timeout)
            else:
                wait_ready(port, c, 120)
                w = start_watch(*watch, c.pid, self.o.timeout)
                name = self.uniq(f"bench-{scenario}")
                t0, cpu0 = time.monotonic(), proc_cpu_s(c.pid)
                status, body = http_post_json(port, "/connectors", {"name": name, "config": cfg})
                if status != 201:
                    w.kill()
                    raise RuntimeError(f"POST /connectors: {status} {body[:300]!r}")
            m = finish_watch(w, c, self.o.timeout + 10)
            if kind == "raw":
                if not c.wait(60):
                    raise RuntimeError("raw program did not exit")
            else:
                c.stop()
            code = os.waitstatus_to_exitcode(c.status)
            if code not in (0, 143):  # Java's shutdown hook ends with 143 after SIGTERM
                raise RuntimeError(f"exit status {code}")
            if scenario != "source":
                got = count_lines(out)
                if got != expected:
                    raise RuntimeError(f"{got} lines written, expected {expected}")
        finally:
            c.stop()
            if scenario == "source":
                try:
                    rawkafka("delete-topic", self.bootstrap, topic_out, timeout=60)
                except Exception as e:  # noqa: BLE001 - a leftover topic only costs disk
                    log(f"  (could not delete {topic_out}: {e})")
        u = c.usage()
        window = m["t_last"] - t0
        # The raw program lives only for the run: its whole rusage counts.
        cpu = u["cpu_total_s"] if kind == "raw" else m["cpu_last"] - cpu0
        r = {"records_per_s": round(n / window) if window > 0 else None,
             "cpu_s_per_m": round(cpu / n * 1e6, 3),
             "window_s": round(window, 3),
             "first_record_after_s": round(m["t_first"] - t0, 3),
             "steady_records_per_s": round(n / (m["t_last"] - m["t_first"]))
             if m["t_last"] > m["t_first"] else None,
             **u}
        log(f"  {scenario:10s} {size:5d} B schemas={str(schemas).lower():5s} {kind:9s} "
            f"{r['records_per_s'] or 0:>9,} rec/s  {r['cpu_s_per_m']:7.2f} CPU-s/M  "
            f"peak RSS {r['peak_rss_mb']:7.1f} MB  (first record after {r['first_record_after_s']:.2f}s)")
        shutil.rmtree(d, ignore_errors=True)
        return r

    # ---- the whole run ----

    def rotate(self, kinds, rep):
        k = rep % len(kinds)
        return kinds[k:] + kinds[:k]

    def attempt(self, fn, *args):
        try:
            return fn(*args)
        except Exception as e:  # noqa: BLE001 - one failed run must not end the benchmark
            log(f"  FAILED {fn.__name__}{args}: {e}")
            return {"error": str(e)}

    def run(self):
        o = self.o
        if "startup" in o.scenarios:
            log("scenario 1: start to REST-ready, idle RSS with three connectors")
            kinds = ["connectd", "java", "java-best"]
            runs = {k: [] for k in kinds}
            for rep in range(o.reps_startup):
                for k in self.rotate(kinds, rep):
                    runs[k].append(self.attempt(self.run_startup, k))
            self.results["startup"] = runs
        missing = self.transforms_available() if "transforms" in o.scenarios else []
        if missing:
            self.results["skipped"]["transforms"] = "skipped: transforms not built (connectd lacks " + \
                ", ".join(m.rsplit(".", 1)[1] for m in missing) + ")"
            log(self.results["skipped"]["transforms"])
        flow_kinds = ["connectd", "java"] + (["java-best"] if o.java_best_flows else [])
        for scenario in ("sink", "source", "transforms"):
            if scenario not in o.scenarios or scenario in self.results["skipped"]:
                continue
            log(f"scenario {scenario}: {o.records} records")
            kinds = flow_kinds + (["raw"] if scenario != "transforms" and "raw" in o.scenarios else [])
            for size in o.sizes:
                for schemas in (True, False):
                    runs = {k: [] for k in kinds}
                    for rep in range(o.reps):
                        for k in self.rotate(kinds, rep):
                            runs[k].append(self.attempt(self.run_flow, scenario, size, schemas, k))
                    self.results["flows"].append({"scenario": scenario, "size": size,
                                                  "schemas": schemas, "runs": runs})


def machine_meta(opts):
    def cmd(*argv):
        try:
            r = subprocess.run(argv, capture_output=True, text=True, timeout=60, cwd=ROOT)
            return (r.stdout + r.stderr).strip()
        except OSError:
            return None
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_gb = int(f.readline().split()[1]) / 1024 / 1024
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{os.cpu_count()} cores ({cpu}), {mem_gb:.0f} GiB, Linux {os.uname().release}",
        "connectd": cmd(os.environ.get("CONNECTD_BIN", os.path.join(ROOT, "bin", "connectd")), "version"),
        "git": cmd("git", "rev-parse", "--short", "HEAD"),
        "java": (cmd("java", "-version") or "").splitlines()[0],
        "kafka": "Apache Kafka 4.3.1 (broker and Java Connect worker, Maven Central jars)",
        "librdkafka": cmd(RAWKAFKA, "version"),
        "mode": "quick" if opts.quick else "full",
        "records": opts.records, "reps": opts.reps, "reps_startup": opts.reps_startup,
        "sizes": opts.sizes, "java_flows": opts.java_flows, "loadavg_start": list(os.getloadavg()),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small counts, one repetition (< 5 min)")
    ap.add_argument("--records", type=int, help="records per flow run (full 2000000, quick 100000)")
    ap.add_argument("--reps", type=int, help="repetitions of each flow run (full 3, quick 1)")
    ap.add_argument("--reps-startup", type=int, help="repetitions of scenario 1 (full 5, quick 2)")
    ap.add_argument("--sizes", default="100,1024", help="record sizes in bytes")
    ap.add_argument("--scenarios", default="startup,sink,source,transforms,raw")
    ap.add_argument("--java-best-flows", action="store_true",
                    help="also run the flows on the service_load Java worker (column java-best)")
    ap.add_argument("--java-flows", choices=("default", "service_load"),
                    help="plugin.discovery of the Java worker in the flow scenarios (full: default; "
                         "quick: service_load, which starts 2-5 s sooner; the flow windows exclude start-up)")
    ap.add_argument("--kafka-port", type=int, default=int(os.environ.get("BENCH_KAFKA_PORT", 19192)))
    ap.add_argument("--keep-broker", action="store_true")
    ap.add_argument("--publish", action="store_true",
                    help="also copy the table and chart to bench/results/README-table.md and chart.png")
    o = ap.parse_args()
    o.records = o.records or (100_000 if o.quick else 2_000_000)
    o.reps = o.reps or (1 if o.quick else 3)
    o.reps_startup = o.reps_startup or (2 if o.quick else 5)
    o.sizes = [int(s) for s in o.sizes.split(",")]
    o.scenarios = set(o.scenarios.split(","))
    o.settle = 2 if o.quick else 10
    o.java_flows = o.java_flows or ("service_load" if o.quick else "default")
    o.timeout = 300 if o.quick else 1200

    b = Bench(o)
    meta = machine_meta(o)
    shutil.rmtree(b.work, ignore_errors=True)
    os.makedirs(b.work)
    t0 = time.monotonic()
    b.start_broker()
    try:
        b.load_data()
        b.run()
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        Child.stop_all()
        if not o.keep_broker:
            b.stop_broker(wipe=True)
        # Successful runs remove their folders; failed ones keep their worker
        # logs here until the next run. The data files go in any case.
        runs = os.path.join(b.work, "runs")
        kept = [d for d in os.listdir(runs) if not d.endswith("preflight")] if os.path.isdir(runs) else []
        if kept:
            for f in os.listdir(b.work):
                if f != "runs":
                    os.remove(os.path.join(b.work, f))
            log(f"logs of {len(kept)} unfinished/failed run(s) kept in {runs}")
        else:
            shutil.rmtree(b.work, ignore_errors=True)
    meta["loadavg_end"] = list(os.getloadavg())
    meta["duration_s"] = round(time.monotonic() - t0)
    out = report.write_all(meta, b.results, publish=o.publish)
    print(open(out["md"]).read())
    log(f"wrote {', '.join(out.values())} in {meta['duration_s']}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
