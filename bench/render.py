#!/usr/bin/env python3
"""Renders docs/BENCHMARKS.md from the JMH JSON files written by bench/run.sh (one run, so ratios are comparable).

usage: render.py OUT.md NOTES.md COMMAND MODE json...
"""
import json
import os
import platform
import subprocess
import sys
import time

SHAPES = {  # network -> layer sizes
    "8-16-1": [8, 16, 1],
    "64-128-10": [64, 128, 10],
    "784-256-10": [784, 256, 10],
    "784-512-512-10": [784, 512, 512, 10],
}
TARGETS = {  # (network, op) -> events/s for auto; learnBatch targets are a fraction of the dgemm peak
    ("8-16-1", "learn"): 1_000_000,
    ("64-128-10", "learn"): 200_000,
    ("784-256-10", "learn"): 8_000,
}
BATCH_PEAK_TARGET = {"784-256-10": 0.5, "784-512-512-10": 0.5}
BACKENDS = ["java", "vector", "native", "auto"]


def macs(shape):
    s = SHAPES[shape]
    return sum(s[i] * s[i + 1] for i in range(len(s) - 1))


# Written into the same folder by bench/deployed.sh (DeploymentBench) and reported in the notes, not in these tables.
NOT_RENDERED = {"deployed.json"}


def results(paths):
    """@return the result files this renderer reads: the paths given, less those of other harnesses"""
    return [p for p in paths if os.path.basename(p) not in NOT_RENDERED]


def load(files):
    """@return (JMH rows, each tagged with its file's name in "_file"; BrokerBench rows; pytorch_bench.py's output or None)"""
    rows, broker, torch = [], [], None
    for f in files:
        if os.path.exists(f) and os.path.getsize(f) > 0:
            with open(f) as fh:
                data = json.load(fh)
            if isinstance(data, dict):
                torch = data
                continue
            for r in data:
                r["_file"] = os.path.basename(f)
                (rows if "benchmark" in r else broker).append(r)
    return rows, broker, torch


OPTIMIZERS = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]
ADAPTIVE_TARGET = 0.4    # each adaptive optimiser ≥ 40 % of SGD's events/s per event
TORCH_TARGET = 3.0       # Adam ≥ 3× PyTorch's per-event Adam


def optimizer_section(L, get, torch):
    """Per-event learning with each optimiser (phase 7, one JMH run) and PyTorch's (phase 8)."""
    if not any(get("ModelBench@optim", "learn", backend="auto", optimizer="sgd", shape=s) for s in SHAPES):
        return
    L.append("## Optimisers per event (auto, one JMH run)\n")
    L.append("Per-event `learn`, events/s, every optimiser in the same JMH run (`optim.json`), so each ratio to SGD "
             "is within one run. Learning rates as `ModelBench`: 1e-3 for sgd, momentum and nesterov (μ = 0.9); "
             "1e-4 for adagrad, rmsprop (ρ = 0.9) and adam (β = 0.9, 0.999), ε = 1e-8.\n")
    L.append("| network | " + " | ".join(OPTIMIZERS) + " | slowest adaptive / sgd |")
    L.append("| --- | " + " | ".join("---:" for _ in OPTIMIZERS) + " | ---: |")
    for shape in SHAPES:
        v = {o: get("ModelBench@optim", "learn", backend="auto", optimizer=o, shape=shape) for o in OPTIMIZERS}
        sgd = v["sgd"]
        cells = [fmt(v["sgd"])] + [fmt(v[o]) + (f" ({100 * v[o] / sgd:.0f} %)" if v[o] and sgd else "")
                                   for o in OPTIMIZERS[1:]]
        worst = min((v[o] / sgd for o in OPTIMIZERS[1:] if v[o]), default=None) if sgd else None
        L.append(f"| {shape} | " + " | ".join(cells) + f" | {'—' if worst is None else f'{100 * worst:.0f} %'} |")
    L.append("")
    if torch:
        L.append(f"### Against PyTorch (torch {torch['torch']}, python {torch['python']}, 1 thread, float64, one "
                 "event per step; `bench/pytorch_bench.py`, run right after the JMH phases)\n")
        L.append("| network | streamgrad sgd | PyTorch sgd (min-max) | streamgrad adam | PyTorch adam (min-max) | "
                 "adam / PyTorch adam |")
        L.append("| --- | ---: | ---: | ---: | ---: | ---: |")
        for shape in SHAPES:
            tr = {o: [r["events_per_s"] for r in torch["rows"] if r["shape"] == shape and r["optimizer"] == o]
                  for o in ("sgd", "adam")}
            if not tr["adam"]:
                continue
            ours = {o: get("ModelBench@optim", "learn", backend="auto", optimizer=o, shape=shape) for o in ("sgd", "adam")}
            rng = {o: f"{fmt(min(tr[o]))}-{fmt(max(tr[o]))}" if tr[o] else "—" for o in tr}
            ratio = f"{ours['adam'] / max(tr['adam']):.1f}-{ours['adam'] / min(tr['adam']):.1f}×" if ours["adam"] else "—"
            L.append(f"| {shape} | {fmt(ours['sgd'])} | {rng['sgd']} | {fmt(ours['adam'])} | {rng['adam']} | {ratio} |")
        L.append("")
    L.append("### Targets (optimisers)\n")
    L.append("| target | network | measured | status |")
    L.append("| --- | --- | ---: | --- |")
    for shape in SHAPES:
        sgd = get("ModelBench@optim", "learn", backend="auto", optimizer="sgd", shape=shape)
        for o in OPTIMIZERS[1:]:
            if o == "adam" and shape == "8-16-1":
                continue   # issue 11 sets Adam's 40 % on the three larger shapes, the others' on every shape
            v = get("ModelBench@optim", "learn", backend="auto", optimizer=o, shape=shape)
            if not (v and sgd):
                continue
            r = v / sgd
            st = "met" if r >= ADAPTIVE_TARGET else f"missed by {100 * (ADAPTIVE_TARGET - r):.1f} points"
            L.append(f"| {o} ≥ 40 % of sgd | {shape} | {100 * r:.0f} % | {st} |")
        if torch:
            tr = [r["events_per_s"] for r in torch["rows"] if r["shape"] == shape and r["optimizer"] == "adam"]
            v = get("ModelBench@optim", "learn", backend="auto", optimizer="adam", shape=shape)
            if tr and v:
                r = v / max(tr)
                st = "met" if r >= TORCH_TARGET else f"missed: {r:.1f}×"
                L.append(f"| adam ≥ 3× PyTorch adam (its best run) | {shape} | {r:.1f}× | {st} |")
    L.append("")


PIPELINE_SHAPES = ["8-16-1", "784-256-10"]


def pipeline_section(L, get, broker):
    """The whole path (issue 4 item 10): TopologyTestDriver (JMH) and a real broker (BrokerBench)."""
    have_driver = any(get("PipelineBench", "event", shape=s, batch=b, path="driver")
                      for s in PIPELINE_SHAPES for b in (1, 32))
    if not have_driver and not broker:
        return
    L.append("## The whole path: events per second through Kafka Streams\n")
    L.append("Training topology (decode, model store with checkpoint + write-ahead log, predict, learn, Avro "
             "prediction out), one model, automatic checkpoint interval K, tanh hidden layer, plain SGD. "
             "**Model only** is the same events through the model alone (predict + learn; with micro-batches: "
             "predict every event, learn every 32nd), measured in the same run (the JMH `path=model` rows for the "
             "driver; in the broker harness's JVM just before each case). TopologyTestDriver commits after every "
             "record (the store's worst case). The broker figures are steady state: from the moment the "
             "application has processed N/5 events to the moment its committed input offset reaches N (under "
             "exactly_once_v2: the transaction with the last prediction has committed); the broker runs in the "
             "same JVM on the same cores. \"with start-up\" counts from `KafkaStreams.start()`.\n")
    if have_driver:
        L.append("### TopologyTestDriver (JMH `PipelineBench`)\n")
        L.append("| network | batch | model only | TopologyTestDriver | driver / model |")
        L.append("| --- | ---: | ---: | ---: | ---: |")
        for s in PIPELINE_SHAPES:
            for b in (1, 32):
                m = get("PipelineBench", "event", shape=s, batch=b, path="model")
                d = get("PipelineBench", "event", shape=s, batch=b, path="driver")
                ratio = f"{100 * d / m:.1f} %" if m and d else "—"
                L.append(f"| {s} | {b} | {fmt(m)} | {fmt(d)} | {ratio} |")
        L.append("")
    if broker:
        L.append("### Real broker (`BrokerBench`, in-process KafkaClusterTestKit, 1 partition, 1 stream thread)\n")
        L.append("`per stream-thread CPU s` divides the same events by the CPU time the stream thread used in the "
                 "window (what one dedicated core would sustain; the wall-clock figure also pays for the broker, the "
                 "clients' network threads and anything else on the machine). `cores busy` is the whole JVM's CPU time "
                 "(application, clients and broker) over the window's wall time: 2 means the 2 cores were saturated.\n")
        L.append("| guarantee | network | batch | events | model only | broker, steady | broker / model | "
                 "per stream-thread CPU s | cores busy | with start-up | checkpoints |")
        L.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in broker:
            cpu = r.get("steadyPerStreamThreadCpuSecond")
            busy = f"{r['coresBusy']:.2f}" if "coresBusy" in r else "—"
            L.append(f"| {r['guarantee']} | {r['shape']} | {r['batch']} | {r['events']:,} | {fmt(r['modelOnly'])} | "
                     f"{fmt(r['steady'])} | {100 * r['steady'] / r['modelOnly']:.1f} % | {fmt(cpu)} | {busy} | "
                     f"{fmt(r['withStartup'])} | {r['checkpoints']:,.0f} |")
        L.append("")
        L.append("### Targets (whole path, real broker, per event)\n")
        L.append("| target | guarantee | measured | status |")
        L.append("| --- | --- | ---: | --- |")
        for r in broker:
            if r["batch"] != 1:
                continue
            if r["shape"] == "8-16-1":
                v, t = r["steady"], 100_000
                st = "met" if v >= t else f"missed by {100 * (1 - v / t):.0f} % ({t / v:.1f}× short)"
                L.append(f"| 8-16-1 ≥ 100,000 events/s, one stream thread | {r['guarantee']} | {fmt(v)} | {st} |")
            elif r["shape"] == "784-256-10":
                ratio = r["steady"] / r["modelOnly"]
                st = "met" if ratio >= 0.8 else f"missed by {100 * (0.8 - ratio):.0f} points"
                L.append(f"| 784-256-10 ≥ 80 % of model only | {r['guarantee']} | {100 * ratio:.0f} % "
                         f"({fmt(r['steady'])} of {fmt(r['modelOnly'])}) | {st} |")
        L.append("")


def short(bench):
    cls, meth = bench.rsplit(".", 2)[-2:]
    return cls, meth


def fmt(x):
    if x is None:
        return "—"
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def machine():
    model, cores, flags = "?", 0, ""
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name") and model == "?":
                    model = line.split(":", 1)[1].strip()
                if line.startswith("processor"):
                    cores += 1
                if line.startswith("flags") and not flags:
                    fl = line.split(":", 1)[1].split()
                    flags = " ".join(f for f in ("avx2", "fma", "avx512f") if f in fl)
    except OSError:
        pass
    try:
        jv = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.strip().splitlines()
    except OSError:
        jv = ["?"]
    return model, cores, flags, jv


def main():
    out, notes, command, mode = sys.argv[1:5]
    files = results(sys.argv[5:])
    rows, broker, torch = load(files)
    res = {}
    for r in rows:
        cls, meth = short(r["benchmark"])
        params = dict(r.get("params", {}))
        if cls == "ModelBench":
            params.setdefault("optimizer", "sgd")   # results from before the optimizer parameter
            if r["_file"] == "optim.json":
                cls = "ModelBench@optim"            # phase 7's own run: its ratios stay within it
        key = (cls, meth, tuple(sorted(params.items())))
        pm = r["primaryMetric"]
        res[key] = (pm["score"], pm.get("scoreError", 0.0))

    def get(cls, meth, **params):
        if cls == "ModelBench":
            params.setdefault("optimizer", "sgd")
        v = res.get((cls, meth, tuple(sorted((k, str(v)) for k, v in params.items()))))
        return v[0] if v else None

    def err(cls, meth, **params):
        v = res.get((cls, meth, tuple(sorted((k, str(v)) for k, v in params.items()))))
        return v[1] if v else None

    L = []
    model, cores, flags, jv = machine()
    L.append("# Benchmarks\n")
    L.append("Generated by `bench/run.sh` (do not edit the tables by hand; notes at the end come "
             "from `bench/notes.md`). All figures are double precision, one thread unless stated, the model updated "
             "in place (plain SGD). Ratios are to the OpenBLAS dgemm peak of `peak.json`, measured at every run. A run "
             "with `BENCH_FILTER` replaces only the phases it selects: the time each results file was written is "
             "below (a ratio of results from different times mixes two runs).\n")
    L.append(f"- Mode: `{mode}`; command: `{command}`")
    stamps = ", ".join(f"`{os.path.basename(f)}` {time.strftime('%Y-%m-%d %H:%M', time.gmtime(os.path.getmtime(f)))}"
                       for f in sorted(files))
    L.append(f"- Results written (UTC): {stamps}")
    L.append(f"- CPU: {model}, {cores} logical cores ({flags})")
    L.append(f"- JVM: {' / '.join(jv)}")
    L.append("- JMH 1.37; forks run with `--add-modules jdk.incubator.vector`\n")

    p1 = get("PeakBench", "dgemm1024", threads=1)
    pall = get("PeakBench", "dgemm1024", threads=0)
    fl1024 = 2 * 1024 ** 3 / 1e9
    peak1 = p1 * fl1024 if p1 else None
    peakall = pall * fl1024 if pall else None
    L.append("## Reference peak: OpenBLAS dgemm 1024×1024 (operands in native memory)\n")
    L.append("| threads | GFLOP/s |")
    L.append("| --- | ---: |")
    L.append(f"| 1 | {fmt(peak1)} |")
    L.append(f"| all ({cores}) | {fmt(peakall)} |\n")

    # ---- model level
    have_model = any(k[0] == "ModelBench" for k in res)
    L.append("## Model: events per second\n")
    if not have_model:
        L.append("_No model-level results in this run (ModelBench not built or not selected)._\n")
    else:
        L.append("`predict` and per-event `learn` in events/s; `learnBatch` (m = 32) in events/s (32 per call). "
                 "8-16-1: tanh hidden, identity output, squared error; the others: relu hidden, softmax + "
                 "cross-entropy. GFLOP/s for learnBatch counts forward 2·m·Σ n_l·n_{l−1} plus backward twice "
                 "that (6·m·Σ n_l·n_{l−1} per batch); % of peak is against the single-thread dgemm above.\n")
        L.append("| network | op | java | vector | native | auto | auto GFLOP/s | auto % of 1-thread peak |")
        L.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for shape in SHAPES:
            for op in ("predict", "learn", "learnBatch"):
                vals = [get("ModelBench", op, backend=b, shape=shape) for b in BACKENDS]
                auto = vals[3]
                flops_per_event = (2 if op == "predict" else 6) * macs(shape)
                gf = auto * flops_per_event / 1e9 if auto else None
                pct = f"{100 * gf / peak1:.0f} %" if gf and peak1 else "—"
                L.append(f"| {shape} | {op} | " + " | ".join(fmt(v) for v in vals) + f" | {fmt(gf)} | {pct} |")
        L.append("")
        L.append("### Targets (auto)\n")
        L.append("| target | measured | status |")
        L.append("| --- | ---: | --- |")
        for (shape, op), t in TARGETS.items():
            v = get("ModelBench", op, backend="auto", shape=shape)
            st = "—" if v is None else ("met" if v >= t else f"missed by {100 * (1 - v / t):.0f} %")
            L.append(f"| {op} {shape} ≥ {t:,} events/s | {fmt(v)} | {st} |")
        for shape, frac in BATCH_PEAK_TARGET.items():
            v = get("ModelBench", "learnBatch", backend="auto", shape=shape)
            gf = v * 6 * macs(shape) / 1e9 if v else None
            r = gf / peak1 if gf and peak1 else None
            st = "—" if r is None else ("met" if r >= frac else f"missed: {100 * r:.0f} % of peak, "
                                        f"{100 * (1 - r / frac):.0f} % short")
            L.append(f"| learnBatch(32) {shape} ≥ {100 * frac:.0f} % of 1-thread dgemm peak | "
                     f"{fmt(gf)} GFLOP/s | {st} |")
        L.append("")

    # ---- kernels
    L.append("## Kernels per event (calls/s, and GB/s of weights streamed)\n")
    L.append("`gemv`: z = W·x (reads W: 8·m·n bytes). `backpropUpdate`: prev = Wᵀ·δ and W ← W − η·δ·xᵀ fused "
             "(reads and writes W once: 16·m·n bytes). `gemvTThenGer`: the same unfused (two passes).\n")
    layers = sorted({dict(k[2]).get("layer") for k in res if k[0] == "KernelBench"},
                    key=lambda s: (int(s.split("x")[0]) * int(s.split("x")[1]), s))
    if layers:
        kb = [b for b in BACKENDS if any(k[0] == "KernelBench" and dict(k[2]).get("backend") == b for k in res)]
        L.append("| op | W (m×n) | " + " | ".join(kb) + " | best GB/s |")
        L.append("| --- | --- | " + " | ".join("---:" for _ in kb) + " | ---: |")
        for op, bpe in (("gemv", 8), ("backpropUpdate", 16), ("gemvTThenGer", 24)):
            for layer in layers:
                m, n = (int(v) for v in layer.split("x"))
                vals = [get("KernelBench", op, backend=b, layer=layer) for b in kb]
                if not any(vals):
                    continue
                best = max((v for v in vals if v), default=None)
                gbs = best * bpe * m * n / 1e9 if best else None
                L.append(f"| {op} | {layer} | " + " | ".join(fmt(v) for v in vals) + f" | {fmt(gbs)} |")
        L.append("")

    # ---- gemm crossover
    shapes = sorted({dict(k[2]).get("shape") for k in res if k[0] == "GemmBench"},
                    key=lambda s: (eval(s[3:].replace("x", "*")), s))   # equal sizes in a fixed order
    if shapes:
        L.append("## Kernel crossover: GEMM through the `Kernels` interface (GFLOP/s)\n")
        L.append("Native includes copying A, B into native memory and C back. Shape `TT:m×n×k` gives the "
                 "transposes of A and B. This table is where `KernelThresholds.gemmNativeMinMnk` comes from.\n")
        L.append("| shape | m·n·k | vector | native | faster | vector % of peak | native % of peak |")
        L.append("| --- | ---: | ---: | ---: | --- | ---: | ---: |")
        for s in shapes:
            m, n, k = (int(v) for v in s[3:].split("x"))
            f = 2 * m * n * k / 1e9
            g = {b: (get("GemmBench", "gemm", backend=b, shape=s) or 0) * f or None for b in ("java", "vector", "native")}
            cand = {b: v for b, v in g.items() if v and b != "java"}
            faster = max(cand, key=cand.get) if cand else "—"
            pv = f"{100 * g['vector'] / peak1:.0f} %" if g["vector"] and peak1 else "—"
            pn = f"{100 * g['native'] / peak1:.0f} %" if g["native"] and peak1 else "—"
            L.append(f"| {s} | {m * n * k:,} | {fmt(g['vector'])} | {fmt(g['native'])} | "
                     f"{faster} | {pv} | {pn} |")
        L.append("")

    nc = [(dict(k[2]).get("shape"), k[1], v[0]) for k, v in res.items() if k[0] == "NativeCopyBench"]
    if nc:
        L.append("## Native copy: reused native scratch vs JavaCPP `double[]` overloads (calls/s)\n")
        L.append("| shape | scratch pointers (backend) | double[] overloads |")
        L.append("| --- | ---: | ---: |")
        for s in sorted({x[0] for x in nc}):
            sp = get("NativeCopyBench", "scratchPointers", shape=s)
            ja = get("NativeCopyBench", "javaArrays", shape=s)
            L.append(f"| {s} | {fmt(sp)} | {fmt(ja)} |")
        L.append("")

    optimizer_section(L, get, torch)
    pipeline_section(L, get, broker)

    L.append("## All results (raw)\n")
    L.append("| benchmark | params | score | ± error | unit |")
    L.append("| --- | --- | ---: | ---: | --- |")
    for r in rows:
        cls, meth = short(r["benchmark"])
        params = ", ".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
        pm = r["primaryMetric"]
        L.append(f"| {cls}.{meth} | {params} | {fmt(pm['score'])} | {fmt(pm.get('scoreError'))} | {pm['scoreUnit']} |")
    L.append("")

    if os.path.exists(notes):
        with open(notes) as fh:
            L.append(fh.read())
    with open(out, "w") as fh:
        fh.write("\n".join(L) + "\n")


if __name__ == "__main__":
    main()
