"""Medians, ratios, targets; the Markdown table and the gnuplot chart.

Everything is computed from the per-run figures in results, so latest.json
holds both the raw runs and what the table shows.
"""
import json
import os
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the work tree

from lib import ROOT, log, median

RESULTS = os.path.join(ROOT, "bench", "results")
NAMES = {"connectd": "connectd", "java": "Java (default)", "java-best": "Java (service_load)",
         "raw": "raw librdkafka"}
TARGETS = {
    "ready_ms": "connectd ≤ 50 ms and ≥ 100× faster than Java",
    "idle_rss_mb": "connectd ≤ 15 MB and ≥ 30× smaller than Java",
    "records_per_s": "connectd ≥ Java",
    "vs_raw": "connectd ≥ 90% of raw librdkafka",
    "cpu_s_per_m": "connectd ≤ 1/4 of Java",
}


def medians(runs):
    """{kind: {metric: median}} over the runs that did not fail."""
    out = {}
    for kind, rs in runs.items():
        ok = [r for r in rs if "error" not in r]
        out[kind] = {"ok_runs": len(ok), "failed_runs": len(rs) - len(ok)}
        for key in (ok[0].keys() if ok else []):
            out[kind][key] = median([r[key] for r in ok])
    return out


def ratio(a, b):
    return a / b if a is not None and b not in (None, 0) else None


def summarize(results):
    s = {"startup": None, "flows": [], "skipped": results.get("skipped", {})}
    if results.get("startup"):
        med = medians(results["startup"])
        c, j, jb = (med.get(k, {}) for k in ("connectd", "java", "java-best"))
        rt = {
            "ready_java_over_connectd": ratio(j.get("ready_ms"), c.get("ready_ms")),
            "ready_javabest_over_connectd": ratio(jb.get("ready_ms"), c.get("ready_ms")),
            "rss_java_over_connectd": ratio(j.get("idle_rss_mb"), c.get("idle_rss_mb")),
            "rss_javabest_over_connectd": ratio(jb.get("idle_rss_mb"), c.get("idle_rss_mb")),
        }
        rt["ready_target_met"] = bool(c.get("ready_ms") is not None and c["ready_ms"] <= 50
                                      and (rt["ready_java_over_connectd"] or 0) >= 100)
        rt["rss_target_met"] = bool(c.get("idle_rss_mb") is not None and c["idle_rss_mb"] <= 15
                                    and (rt["rss_java_over_connectd"] or 0) >= 30)
        s["startup"] = {"median": med, "ratios": rt}
    raw_of = {}
    for f in results.get("flows", []):
        med = medians(f["runs"])
        if f["scenario"] == "sink" and "raw" in med:
            raw_of[(f["size"], f["schemas"])] = med["raw"]
        raw = med.get("raw") or (raw_of.get((f["size"], f["schemas"])) if f["scenario"] == "transforms" else None)
        c, j = med.get("connectd", {}), med.get("java", {})
        rt = {
            "rate_connectd_over_java": ratio(c.get("records_per_s"), j.get("records_per_s")),
            "rate_connectd_over_raw": ratio(c.get("records_per_s"), (raw or {}).get("records_per_s")),
            "cpu_connectd_over_java": ratio(c.get("cpu_s_per_m"), j.get("cpu_s_per_m")),
            "peak_rss_java_over_connectd": ratio(j.get("peak_rss_mb"), c.get("peak_rss_mb")),
            "raw_from": "this row" if "raw" in med else ("sink row" if raw else None),
        }
        rt["rate_target_met"] = rt["rate_connectd_over_java"] is not None and rt["rate_connectd_over_java"] >= 1
        rt["raw_target_met"] = rt["rate_connectd_over_raw"] is not None and rt["rate_connectd_over_raw"] >= 0.9
        rt["cpu_target_met"] = rt["cpu_connectd_over_java"] is not None and rt["cpu_connectd_over_java"] <= 0.25
        s["flows"].append({"scenario": f["scenario"], "size": f["size"], "schemas": f["schemas"],
                           "median": med, "raw": raw, "ratios": rt})
    return s


def fmt(x, digits=0, suffix=""):
    if x is None:
        return "–"
    if digits == 0:
        return f"{x:,.0f}{suffix}"
    return f"{x:,.{digits}f}{suffix}"


def mark(ok, value=True):
    """✓ / ✗ beside a figure; nothing when the figure is missing."""
    if value is None:
        return ""
    return "✓" if ok else "✗"


def label(f, short=False):
    size = "1 KB" if f["size"] == 1024 else f"{f['size']} B"
    if short:
        return f"{f['scenario']} {size.replace(' ', '')} {'S' if f['schemas'] else 'P'}"
    return f"{f['scenario']} {size}, {'schemas' if f['schemas'] else 'no schemas'}"


def markdown(meta, s):
    L = [f"### connectd vs Kafka Connect (Java) — {meta['date']}", "",
         f"Machine: {meta['machine']}. Versions: {meta['connectd']} (git {meta['git']}); "
         f"{meta['kafka']}; {meta['java']}; librdkafka {meta['librdkafka']}. "
         f"Mode: {meta['mode']} ({meta['records']:,} records per flow run, medians of {meta['reps']} "
         f"run(s) per worker, scenario 1 of {meta['reps_startup']}; workers alternated). "
         f"Load average at start/end: {meta['loadavg_start'][0]:.2f} / {meta.get('loadavg_end', [0])[0]:.2f}. "
         f"The flow rows' Java worker runs with plugin.discovery={'hybrid_warn (its default)' if meta.get('java_flows', 'default') == 'default' else 'service_load'}.",
         ""]
    st = s.get("startup")
    if st:
        m, r = st["median"], st["ratios"]
        c, j, jb = (m.get(k, {}) for k in ("connectd", "java", "java-best"))
        L += ["| scenario 1 | connectd | Java (default) | Java (service_load) | Java ÷ connectd | target | met |",
              "|---|---:|---:|---:|---:|---|:-:|",
              f"| start → `GET /` 200 (ms) | {fmt(c.get('ready_ms'), 1)} | {fmt(j.get('ready_ms'))} | "
              f"{fmt(jb.get('ready_ms'))} | {fmt(r['ready_java_over_connectd'], 0, '×')} / "
              f"{fmt(r['ready_javabest_over_connectd'], 0, '×')} | {TARGETS['ready_ms']} | {mark(r['ready_target_met'])} |",
              f"| idle RSS, 3 connectors (MB) | {fmt(c.get('idle_rss_mb'), 1)} | {fmt(j.get('idle_rss_mb'))} | "
              f"{fmt(jb.get('idle_rss_mb'))} | {fmt(r['rss_java_over_connectd'], 0, '×')} / "
              f"{fmt(r['rss_javabest_over_connectd'], 0, '×')} | {TARGETS['idle_rss_mb']} | {mark(r['rss_target_met'])} |",
              f"| idle CPU (% of a core) | {fmt(c.get('idle_cpu_pct'), 2)} | {fmt(j.get('idle_cpu_pct'), 2)} | "
              f"{fmt(jb.get('idle_cpu_pct'), 2)} | | | |",
              ""]
    if s["flows"]:
        L += ["| scenario | records/s connectd | Java | raw | connectd ÷ Java (≥ 1) | connectd ÷ raw (≥ 0.9) "
              "| CPU-s per 1M connectd | Java | connectd ÷ Java (≤ 0.25) | peak RSS MB connectd | Java |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for f in s["flows"]:
            m, r, raw = f["median"], f["ratios"], f["raw"] or {}
            c, j = m.get("connectd", {}), m.get("java", {})
            L.append(
                f"| {label(f)} | {fmt(c.get('records_per_s'))} | {fmt(j.get('records_per_s'))} | "
                f"{fmt(raw.get('records_per_s'))} | {fmt(r['rate_connectd_over_java'], 2, '×')} "
                f"{mark(r['rate_target_met'], r['rate_connectd_over_java'])} | "
                f"{fmt(r['rate_connectd_over_raw'], 2)} {mark(r['raw_target_met'], r['rate_connectd_over_raw'])} | "
                f"{fmt(c.get('cpu_s_per_m'), 2)} | {fmt(j.get('cpu_s_per_m'), 2)} | "
                f"{fmt(r['cpu_connectd_over_java'], 2)} {mark(r['cpu_target_met'], r['cpu_connectd_over_java'])} | "
                f"{fmt(c.get('peak_rss_mb'), 1)} | {fmt(j.get('peak_rss_mb'))} |")
        L.append("")
        raw_cpu = ", ".join(f"{label(f, True)} {fmt(f['raw'].get('cpu_s_per_m'), 2)}" for f in s["flows"]
                            if f["raw"] and f["ratios"]["raw_from"] == "this row")
        L.append("raw: bench/rawkafka, a plain librdkafka consumer (sink rows: topic → file) or producer "
                 "(source rows: file → topic); transform rows compare with the sink row's raw consumer."
                 + (f" Raw CPU-s per 1M: {raw_cpu}." if raw_cpu else ""))
        L.append("")
    failed = [(label(f), k, v["failed_runs"]) for f in s["flows"] for k, v in f["median"].items()
              if v.get("failed_runs")]
    if st:
        failed += [("scenario 1", k, v["failed_runs"]) for k, v in st["median"].items() if v.get("failed_runs")]
    for what, kind, n in failed:
        L.append(f"- {what}: {n} failed run(s) of {NAMES.get(kind, kind)} (see latest.json)")
    for sc, why in s["skipped"].items():
        L.append(f"- scenario {sc}: {why}")
    L.append("")
    return "\n".join(L)


def chart(meta, s, png):
    """A 2×2 gnuplot chart: start time and idle RSS (log scale), records/s and
    CPU-seconds per million records per flow scenario."""
    if not shutil.which("gnuplot"):
        log("gnuplot not found: no chart")
        return False
    d = os.path.join(RESULTS, ".chart")
    os.makedirs(d, exist_ok=True)
    kinds = ["connectd", "java", "raw"]
    with open(os.path.join(d, "flows.dat"), "w") as f:
        # columns: label, rate connectd java raw (k/s), CPU-s/M connectd java raw
        for fl in s["flows"]:
            vals = []
            for key in ("records_per_s", "cpu_s_per_m"):
                for k in kinds:
                    src = fl["raw"] if k == "raw" else fl["median"].get(k)
                    v = (src or {}).get(key)
                    vals.append("NaN" if v is None else str(v / 1000 if key == "records_per_s" else v))
            f.write(f"\"{label(fl, True)}\" {' '.join(vals)}\n")
    st = s.get("startup") or {"median": {}}
    with open(os.path.join(d, "startup.dat"), "w") as f:
        # columns: worker, ready ms, idle RSS MB
        for k in ("connectd", "java", "java-best"):
            m = st["median"].get(k, {})
            f.write(f"\"{NAMES[k]}\" {m.get('ready_ms') or 'NaN'} {m.get('idle_rss_mb') or 'NaN'}\n")
    title = f"connectd vs Kafka Connect 4.3.1 (Java) — {meta['date']} — {meta['machine'].split(' (')[0]}, {meta['mode']} run"
    # One bar series per worker that has figures (gnuplot refuses an all-NaN one).
    series = [("connectd", "#2a9d8f"), ("Java", "#e76f51"), ("raw librdkafka", "#8d99ae")]

    def bars(first_col):
        parts = []
        for i, (title, color) in enumerate(series):
            src = [(fl["raw"] if i == 2 else fl["median"].get(kinds[i])) or {} for fl in s["flows"]]
            key = "records_per_s" if first_col == 2 else "cpu_s_per_m"
            if any(x.get(key) is not None for x in src):
                parts.append(f'"{d}/flows.dat" using {first_col + i}:xtic(1) title "{title}" lc rgb "{color}"')
        return ", ".join(parts)
    panels = []
    if st["median"]:
        panels.append(("Start to GET / 200 (ms, log scale, lower is better)", True,
                       f'"{d}/startup.dat" using 2:xtic(1) title "" lc rgb "#2a9d8f"'))
        panels.append(("Idle RSS with three connectors (MB, log scale, lower is better)", True,
                       f'"{d}/startup.dat" using 3:xtic(1) title "" lc rgb "#e9c46a"'))
    if s["flows"]:
        panels.append(("Throughput (thousand records/s, higher is better; S = JSON with schemas, P = without)",
                       False, bars(2)))
        panels.append(("CPU-seconds per million records (log scale, lower is better)", True,
                       bars(5)))
    if not panels:
        return False
    rows = 1 if len(panels) <= 2 else 2
    gp = f"""
set terminal pngcairo noenhanced size 1500,{500 * rows} font "DejaVu Sans,10"
set output "{png}"
set multiplot layout {rows},2 title "{title}" font ",13"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set key outside top center horizontal
set xtics rotate by 25 right nomirror
"""
    for ptitle, logy, plot in panels:
        gp += ("set logscale y\nset yrange [*:*]\n" if logy else "unset logscale y\nset yrange [0:*]\n")
        gp += f'set title "{ptitle}"\nplot {plot}\n'
    gp += "unset multiplot\n"
    with open(os.path.join(d, "chart.gp"), "w") as f:
        f.write(gp)
    r = subprocess.run(["gnuplot", os.path.join(d, "chart.gp")], capture_output=True, text=True)
    if r.returncode != 0:
        log(f"gnuplot failed: {r.stderr.strip()}")
        return False
    shutil.rmtree(d, ignore_errors=True)
    return True


def write_all(meta, results, publish=False):
    os.makedirs(RESULTS, exist_ok=True)
    s = summarize(results)
    paths = {"json": os.path.join(RESULTS, "latest.json"), "md": os.path.join(RESULTS, "latest.md")}
    with open(paths["json"], "w") as f:
        json.dump({"meta": meta, "targets": TARGETS, "summary": s, "runs": results}, f, indent=1)
    md = markdown(meta, s)
    with open(paths["md"], "w") as f:
        f.write(md)
    png = os.path.join(RESULTS, "latest.png")
    if chart(meta, s, png):
        paths["png"] = png
    if publish:
        shutil.copyfile(paths["md"], os.path.join(RESULTS, "README-table.md"))
        if "png" in paths:
            shutil.copyfile(png, os.path.join(RESULTS, "chart.png"))
        paths["published"] = os.path.join(RESULTS, "README-table.md")
    return paths


if __name__ == "__main__":
    # Re-render the table and chart from a saved latest.json.
    import sys
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    src = args[0] if args else os.path.join(RESULTS, "latest.json")
    with open(src) as f:
        j = json.load(f)
    print(write_all(j["meta"], j["runs"], publish="--publish" in sys.argv))
