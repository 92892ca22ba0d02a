#!/usr/bin/python3
"""The PyTorch side of bench/compare-pytorch.sh: the same architectures and the same measurement
protocol as bench/DigitReader.Bench, on PyTorch 1.13 CPU (Debian's /usr/bin/python3).

    /usr/bin/python3 bench/torch_bench.py [--quick] [--threads N] [--json PATH] [--arch NAME]...

Training step: forward (train mode) + CrossEntropyLoss(label_smoothing=0.1) + backward + AdamW step
(lr 1e-3, weight decay 0.05 on conv/linear weights only, as our Parameter.Decay), batch 128, after warm-up.
Inference: model.eval() under torch.no_grad(); batch-1 latency median and p99 (nearest rank) in µs over
2000 calls, and batch-256 throughput. Writes the same JSON keys as the C# bench.
"""
import argparse
import json
import math
import platform
import resource
import time

import torch
import torch.nn as nn


def architecture(name):
    if name == "digitnet":
        return nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
            nn.Conv2d(32, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
            nn.Conv2d(64, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(64 * 7 * 7, 256), nn.ReLU(), nn.Dropout(0.4),
            nn.Linear(256, 10))
    if name == "pytorch-example":
        # github.com/pytorch/examples mnist/main.py's Net, as a Sequential (log_softmax + NLL = cross-entropy).
        return nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(),
            nn.Conv2d(32, 64, 3), nn.ReLU(),
            nn.MaxPool2d(2), nn.Dropout(0.25),
            nn.Flatten(),
            nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(128, 10))
    raise SystemExit("unknown architecture " + name)


def quantile(samples, q):
    s = sorted(samples)
    return s[min(max(math.ceil(q * len(s)) - 1, 0), len(s) - 1)]


def warm_up(fn, runs, minimum_seconds):
    start = time.perf_counter()
    r = 0
    while r < runs or time.perf_counter() - start < minimum_seconds:
        fn()
        r += 1


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def run(name, a):
    torch.manual_seed(1)
    model = architecture(name)
    decay = [p for n, p in model.named_parameters() if n.endswith("weight") and p.dim() > 1]
    no_decay = [p for n, p in model.named_parameters() if not (n.endswith("weight") and p.dim() > 1)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05}, {"params": no_decay, "weight_decay": 0.0}], lr=1e-3)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)
    x = (torch.rand(a.train_batch, 1, 28, 28) - 0.13) / 0.31
    y = torch.randint(0, 10, (a.train_batch,))

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    model.train()
    warm_up(train_step, a.train_warmup, a.min_warmup)
    start = time.perf_counter()
    for _ in range(a.train_steps):
        train_step()
    train_seconds = time.perf_counter() - start
    peak_after_training = peak_rss_bytes()

    model.eval()
    single = (torch.rand(1, 1, 28, 28) - 0.13) / 0.31
    batch = (torch.rand(a.inference_batch, 1, 28, 28) - 0.13) / 0.31
    with torch.no_grad():
        warm_up(lambda: model(single), a.latency_warmup, a.min_warmup / 2)
        latencies = []
        for _ in range(a.latency_runs):
            t0 = time.perf_counter_ns()
            model(single)
            latencies.append((time.perf_counter_ns() - t0) / 1000.0)
        warm_up(lambda: model(batch), a.batch_warmup, a.min_warmup / 2)
        start = time.perf_counter()
        for _ in range(a.batch_runs):
            model(batch)
        batch_seconds = time.perf_counter() - start

    return {
        "architecture": name,
        "parameters": sum(p.numel() for p in model.parameters()),
        "threads": torch.get_num_threads(),
        "train_batch": a.train_batch,
        "train_steps": a.train_steps,
        "train_images_per_second": a.train_steps * a.train_batch / train_seconds,
        "train_step_milliseconds": train_seconds * 1000 / a.train_steps,
        "latency_runs": a.latency_runs,
        "batch1_median_microseconds": quantile(latencies, 0.5),
        "batch1_p99_microseconds": quantile(latencies, 0.99),
        "inference_batch": a.inference_batch,
        "batch_images_per_second": a.batch_runs * a.inference_batch / batch_seconds,
        # ru_maxrss cannot be reset, so this is the process's peak so far (architectures run in order).
        "peak_working_set_after_training_bytes": peak_after_training,
        "peak_working_set_bytes": peak_rss_bytes(),
    }


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="few iterations: a harness check, not a measurement")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--json", default="torch-results.json")
    p.add_argument("--arch", action="append")
    a = p.parse_args()
    a.train_batch, a.inference_batch = 128, 256
    # The same counts as BenchOptions.cs.
    a.train_warmup, a.train_steps = (2, 3) if a.quick else (10, 60)
    a.latency_warmup, a.latency_runs = (20, 100) if a.quick else (200, 2000)
    a.batch_warmup, a.batch_runs = (1, 2) if a.quick else (3, 20)
    a.min_warmup = 0.2 if a.quick else 2.0
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    report = {
        "engine": "pytorch " + torch.__version__,
        "quick": a.quick,
        "note": "quick run: harness check only, figures not representative" if a.quick else "",
        "machine": "%s; %s" % (platform.platform(), torch.__config__.parallel_info().splitlines()[0:1]),
        "networks": [run(name, a) for name in (a.arch or ["digitnet", "pytorch-example"])],
    }
    with open(a.json, "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    print("%-16s %11s %9s %10s %10s %12s %10s" % ("architecture", "train img/s", "step ms", "b1 med µs", "b1 p99 µs", "b256 img/s", "peak MB"))
    for r in report["networks"]:
        print("%-16s %11.0f %9.1f %10.0f %10.0f %12.0f %10.0f" % (
            r["architecture"], r["train_images_per_second"], r["train_step_milliseconds"], r["batch1_median_microseconds"],
            r["batch1_p99_microseconds"], r["batch_images_per_second"], r["peak_working_set_bytes"] / 1048576))


if __name__ == "__main__":
    main()
