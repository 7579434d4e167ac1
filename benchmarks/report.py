#!/usr/bin/env python3
"""Turns JMH's JSON and HeapFootprint's output into one markdown table (used by run.sh)."""
import argparse
import json
import platform
import re
import subprocess

PKG = "io.hearth.benchmarks."

# (label, Hearth benchmark, baseline benchmark, metric, target) - metric "score" is the primary
# score, "rows" the rows/s counter of the scans. Target: minimum Hearth score, or None.
ROWS = [
    ("memdb insert, txns of 1,000 (objects/s)", "MemDbBenchmark.memdbInsert", "MemDbBenchmark.hashMapPut", "score", 500_000),
    ("memdb random get by id (ops/s)", "MemDbBenchmark.memdbGetById", "MemDbBenchmark.hashMapGet", "score", 3_000_000),
    ("memdb find by service index, n/1,000 rows per key (rows/s)", "MemDbBenchmark.memdbFindByService", None, "rows", 20_000_000),
    ("memdb id prefix scan, 2 chars = n/1,024 rows (rows/s)", "MemDbBenchmark.memdbIdPrefixScan", None, "rows", 20_000_000),
    ("memdb full ordered scan (rows/s)", "MemDbBenchmark.memdbFullScan", "MemDbBenchmark.treeMapFullScan", "rows", 20_000_000),
    ("store update, read + compare-and-swap of one of 10,000 tasks (tx/s)", "StoreBenchmark.storeUpdate", None, "score", None),
    ("store batch create, 100,000 (objects/s)", "StoreBenchmark.storeBatchCreate", None, "score", None),
    ("store view get by id (ops/s)", "StoreBenchmark.storeViewGet", "MemDbBenchmark.memdbGetById", "score", None),
]
BASELINE_NAMES = {
    "MemDbBenchmark.hashMapPut": "HashMap put",
    "MemDbBenchmark.hashMapGet": "HashMap get",
    "MemDbBenchmark.treeMapFullScan": "TreeMap iteration",
    "MemDbBenchmark.memdbGetById": "memdb get",
}


def fmt(x):
    if x >= 100:
        return f"{x:,.0f}"
    return f"{x:,.1f}"


def num(x):
    """JMH writes NaN (the error of a single iteration) as the string "NaN"."""
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def spread(metric):
    """Largest deviation of one measured iteration from the mean, as a fraction of the mean."""
    raw = [x for fork in metric.get("rawData", []) for x in fork]
    score = num(metric.get("score"))
    if len(raw) < 2 or not score:
        return None
    return max(abs(x - score) for x in raw) / score


def load_jmh(path):
    try:
        with open(path) as f:
            runs = json.load(f)
    except (OSError, ValueError):
        return {}
    results = {}
    for r in runs:
        name = r["benchmark"].removeprefix(PKG)
        pm = r["primaryMetric"]
        sec = r.get("secondaryMetrics", {})
        results[name] = {
            "score": (num(pm["score"]), spread(pm)),
            "rows": (num(sec["rows"]["score"]), spread(sec["rows"])) if "rows" in sec else None,
            "alloc": num((sec.get("gc.alloc.rate.norm") or sec.get("·gc.alloc.rate.norm") or {}).get("score")),
            "params": r.get("params", {}),
            "jvm": f"JDK {r.get('jdkVersion', '?')}, {r.get('vmName', '?')} {r.get('vmVersion', '')}".strip(),
            "jvm_args": " ".join(r.get("jvmArgs", [])),
        }
    return results


def value(results, name, metric):
    r = results.get(name)
    if r is None or r.get(metric) is None:
        return None
    return r[metric]


def cell(v):
    if v is None:
        return "not run"
    score, sp = v
    if sp is None:  # a single measured iteration
        return fmt(score)
    return f"{fmt(score)} ±{100 * sp:.0f}%" if sp >= 0.01 else f"{fmt(score)} ±{100 * sp:.1f}%"


def verdict(score, target, at_least=True):
    if target is None or score is None:
        return "—"
    ok = score >= target if at_least else score <= target
    return f"{'≥' if at_least else '≤'} {target:,}{'' if at_least else '×'}: {'met' if ok else '**MISSED**'}"


def heap(path):
    out = {}
    try:
        with open(path) as f:
            for line in f:
                m = re.match(r"RESULT (\S+) (\S+)", line)
                if m:
                    out[m.group(1)] = float(m.group(2))
    except OSError:
        pass
    return out


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.strip().splitlines()
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError):
        pass
    return f"{nproc} cores × {cpu}{mem}, {platform.system()} {platform.release()}", " / ".join(java)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jmh", required=True)
    ap.add_argument("--heap", required=True)
    ap.add_argument("--command", default="benchmarks/run.sh")
    ap.add_argument("--date", default="")
    ap.add_argument("--load-before", default="?")
    ap.add_argument("--load-after", default="?")
    ap.add_argument("--load-samples")
    ap.add_argument("--no-expect-all", dest="expect_all", action="store_false",
                    help="a subset was selected: do not flag benchmarks without a result")
    a = ap.parse_args()

    results = load_jmh(a.jmh)
    lines = ["| benchmark | Hearth | baseline | ratio | target |", "|---|---:|---:|---:|---|"]
    for label, hearth, base, metric, target in ROWS:
        h = value(results, hearth, metric)
        if h is None and not a.expect_all and not any(k.startswith(hearth.split(".")[0]) for k in results):
            continue  # store benchmarks not selected
        b = value(results, base, metric) if base else None
        base_cell = f"{cell(b)} ({BASELINE_NAMES[base]})" if b else "—"
        ratio = f"{h[0] / b[0]:.2f}×" if h and b and b[0] else "—"
        lines.append(f"| {label} | {cell(h)} | {base_cell} | {ratio} | {verdict(h[0] if h else None, target)} |")

    hp = heap(a.heap)
    if hp:
        ratio = hp["ratio_memdb_hashmap"]
        ok = "met" if ratio <= 2.5 else "**MISSED**"
        lines.append(
            f"| heap per task, retained (bytes/object; tasks alone {fmt(hp['objects_bytes_per_obj'])}) "
            f"| {fmt(hp['memdb_bytes_per_obj'])} (index {fmt(hp['memdb_bytes_per_obj'] - hp['objects_bytes_per_obj'])}) "
            f"| {fmt(hp['hashmap_bytes_per_obj'])} (HashMap; index {fmt(hp['hashmap_bytes_per_obj'] - hp['objects_bytes_per_obj'])}) "
            f"| {ratio:.2f}× | ≤ 2.5× HashMap: {ok} |")

    n = next((r["params"].get("n") for r in results.values() if r["params"].get("n")), None)
    n = n or (str(int(hp["n"])) if hp else "?")
    hw, java = machine()
    print(f"Hearth benchmarks, n = {int(n):,} tasks" if n != "?" else "Hearth benchmarks")
    print()
    print("\n".join(lines))
    print()
    print(f"- date: {a.date}")
    print(f"- command: `{a.command}`")
    print(f"- machine: {hw}")
    jvms = sorted({r["jvm"] for r in results.values()})
    print(f"- java on the PATH: {java}")
    if jvms:
        args = sorted({r["jvm_args"] for r in results.values()})
        print(f"- JVM of the JMH forks: {'; '.join(jvms)} (options: {'; '.join(args)})")
    ran = {k.split(".")[0] for k in results}
    missing = [h.split(".")[-1] for _, h, _, _, _ in ROWS
               if h not in results and (a.expect_all or h.split(".")[0] in ran)]
    if missing:
        print(f"- **no result** (failed or not selected; see target/results/jmh.log): {', '.join(missing)}")
    load = f"- load average (1/5/15 min): {a.load_before} before, {a.load_after} after"
    if a.load_samples:
        try:
            with open(a.load_samples) as f:
                s = [float(x) for x in f.read().split()]
            if s:
                load += f"; 1-min load during the run every 15 s: min {min(s):.2f}, mean {sum(s) / len(s):.2f}, max {max(s):.2f}"
        except (OSError, ValueError):
            pass
    print(load)
    allocs = []
    for name, r in sorted(results.items()):
        if r["alloc"] is None:
            continue
        per = r["alloc"]
        unit = "B/op"
        if r["rows"] and r["score"][0]:
            per = per / (r["rows"][0] / r["score"][0])
            unit = "B/row"
        allocs.append(f"{name.split('.')[-1]} {per:,.1f} {unit}" if per < 10 else f"{name.split('.')[-1]} {per:,.0f} {unit}")
    if allocs:
        print(f"- allocation (JMH -prof gc, gc.alloc.rate.norm): {'; '.join(allocs)}")
    print("- scores: mean throughput per second over the measured iterations; ±: the largest "
          "deviation of one iteration from that mean (JMH's own 99.9% interval from 3 iterations "
          "is in target/results/jmh.log); scans count rows (JMH secondary metric `rows`)")


if __name__ == "__main__":
    main()
