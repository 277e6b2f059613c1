#!/usr/bin/python3
"""PyTorch's per-event learning on the ModelBench shapes: the reference for the "Adam >= 3x PyTorch" target.

One event per optimiser step (batch of one), float64, one thread, the same networks as bench/ModelBench
(8-16-1: tanh hidden, identity output, squared error; the others: relu hidden, softmax output, cross-entropy on
the logits), the same learning rates (sgd, momentum, nesterov 1e-3; adagrad, rmsprop, adam 1e-4; eps 1e-8;
PyTorch's rmsprop alpha = our rho = 0.9), inputs from 256 seeded random events, cycled.

usage: /usr/bin/python3 bench/pytorch_bench.py [--seconds S] [--repeat R] [--optimizers sgd,adam] [--json OUT]

Prints one line per (shape, optimizer, repeat) and a summary; with --json writes the rows (events/s) to OUT.
Versions are printed on the first line (Debian's python3-torch: `apt-get install -y python3-torch`).
"""
import argparse
import json
import platform
import sys
import time

import torch

SHAPES = {"8-16-1": [8, 16, 1], "64-128-10": [64, 128, 10], "784-256-10": [784, 256, 10],
          "784-512-512-10": [784, 512, 512, 10]}
EVENTS = 256


def optimizer(name, params):
    if name == "sgd":
        return torch.optim.SGD(params, lr=1e-3)
    if name == "momentum":
        return torch.optim.SGD(params, lr=1e-3, momentum=0.9)
    if name == "nesterov":
        return torch.optim.SGD(params, lr=1e-3, momentum=0.9, nesterov=True)
    if name == "adagrad":
        return torch.optim.Adagrad(params, lr=1e-4, eps=1e-8)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=1e-4, alpha=0.9, eps=1e-8)
    if name == "adam":
        return torch.optim.Adam(params, lr=1e-4, betas=(0.9, 0.999), eps=1e-8)
    raise ValueError(name)


def network(shape):
    sizes = SHAPES[shape]
    regression = shape == "8-16-1"
    layers = []
    for i in range(1, len(sizes)):
        layers.append(torch.nn.Linear(sizes[i - 1], sizes[i]))
        if i < len(sizes) - 1:
            layers.append(torch.nn.Tanh() if regression else torch.nn.ReLU())
    return torch.nn.Sequential(*layers).double(), regression


def measure(shape, opt_name, seconds):
    torch.manual_seed(7)
    net, regression = network(shape)
    opt = optimizer(opt_name, net.parameters())
    d, k = SHAPES[shape][0], SHAPES[shape][-1]
    g = torch.Generator().manual_seed(5)
    xs = torch.randn(EVENTS, 1, d, generator=g, dtype=torch.float64)
    if regression:
        ys = torch.randn(EVENTS, 1, k, generator=g, dtype=torch.float64)
        loss_fn = lambda out, y: 0.5 * ((out - y) ** 2).sum()
    else:
        ys = torch.randint(0, k, (EVENTS, 1), generator=g)
        ce = torch.nn.CrossEntropyLoss(reduction="sum")
        loss_fn = ce

    def run(n, start):
        for i in range(start, start + n):
            e = i & (EVENTS - 1)
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(net(xs[e]), ys[e])
            loss.backward()
            opt.step()

    run(2 * EVENTS, 0)  # warm-up
    done, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        run(EVENTS, done)
        done += EVENTS
    return done / (time.perf_counter() - t0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--optimizers", default="sgd,adam")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--json")
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    print(f"# torch {torch.__version__}, python {platform.python_version()}, {platform.machine()}, "
          f"threads {torch.get_num_threads()}, float64, one event per step", flush=True)
    rows = []
    for shape in a.shapes.split(","):
        for name in a.optimizers.split(","):
            for r in range(a.repeat):
                eps = measure(shape, name, a.seconds)
                rows.append({"shape": shape, "optimizer": name, "repeat": r, "events_per_s": eps})
                print(f"{shape} {name} run {r + 1}: {eps:,.0f} events/s", flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"torch": torch.__version__, "python": platform.python_version(), "rows": rows}, f, indent=1)
    print("# summary (min-max events/s over repeats)")
    for shape in a.shapes.split(","):
        for name in a.optimizers.split(","):
            v = [x["events_per_s"] for x in rows if x["shape"] == shape and x["optimizer"] == name]
            print(f"{shape:>15} {name:>8}: {min(v):>10,.0f} - {max(v):,.0f}")


if __name__ == "__main__":
    sys.exit(main())
