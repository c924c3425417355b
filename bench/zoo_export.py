"""What the Python peers share: reading the zoo's export (`nbbench
--export-models FILE`: every model's layers, shapes, activations,
initialisers, loss, optimiser, learning rate and batch size, and the data as
float32 files beside FILE), the command line, and the timing loop.

No model is written down here or in the peers: each builds its layers from
the export's `layers`, so the architectures live in one place, the Swift
model zoo (Sources/ModelZoo).
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np


def load(path):
    """The export at `path`: its models by name, and a function giving a model's samples."""
    with open(path) as f:
        export = json.load(f)
    if export.get("format") != 1:
        sys.exit(f"{path}: format {export.get('format')}, expected 1 (export again with this nbbench)")
    folder = os.path.dirname(os.path.abspath(path))
    arrays = {}

    def samples(model):
        """The model's samples, NHWC as ours (`[N] + sample_shape`), float32."""
        kind = model["data"]
        if kind not in arrays:
            entry = export["data"][kind]
            raw = np.fromfile(os.path.join(folder, entry["file"]), dtype="<f4")
            arrays[kind] = raw.reshape(entry["shape"])
        data = arrays[kind]
        return data.reshape([data.shape[0]] + model["sample_shape"])

    return {model["name"]: model for model in export["models"]}, samples


def pin_threads(threads):
    """Keeps a peer on `threads` of the cores it may use, where its
    framework has no thread-count setting of its own that covers everything
    (XLA's CPU thread pool): the same cores as ours and PyTorch's threads."""
    allowed = sorted(os.sched_getaffinity(0))
    if len(allowed) > threads:
        os.sched_setaffinity(0, allowed[:threads])


def same_padding(input_size, output_size, kernel, stride):
    """TensorFlow's SAME padding (before, after) of a convolution from
    `input_size` to `output_size`: the odd pixel goes after."""
    total = max((output_size - 1) * stride + kernel - input_size, 0)
    return total // 2, total - total // 2


def time_model(train_epoch, infer_batches, count, passes, training_passes=1):
    """Images per second of the fastest of `training_passes` training
    epochs (each one continuing the training) and of the fastest of
    `passes` inference passes; each function runs the whole of its work
    and returns only when it is done."""

    def fastest(work, times):
        best = math.inf
        for _ in range(times):
            started = time.perf_counter()
            work()
            best = min(best, time.perf_counter() - started)
        return best

    return count / fastest(train_epoch, training_passes), count / fastest(infer_batches, passes)


def main(description, measure):
    """The peers' command line; `measure(model, samples, passes)` returns a
    row of figures for one model."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--zoo", required=True, help="the JSON file `nbbench --export-models` wrote")
    parser.add_argument("--models", help="comma-separated (default: all in the export)")
    parser.add_argument("--passes", type=int, default=3, help="inference passes; the fastest counts")
    parser.add_argument(
        "--training-passes", type=int, default=1,
        help="training epochs, each continuing the last; the fastest counts (nbbench gives its own count)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", help="write the figures as JSON here ('-' for stdout)")
    args = parser.parse_args()
    models, samples = load(args.zoo)
    names = [n.strip() for n in args.models.split(",")] if args.models else list(models)
    unknown = [n for n in names if n not in models]
    if unknown:
        sys.exit(f"unknown model(s): {', '.join(unknown)}; the export has {', '.join(models)}")
    for option, value in (("--passes", args.passes), ("--training-passes", args.training_passes)):
        if value < 1:
            sys.exit(f"{option} must be at least 1, not {value}")
    rows = [
        measure(models[name], samples(models[name]), args.passes, args.threads, args.training_passes)
        for name in names
    ]
    if args.json == "-":
        json.dump(rows, sys.stdout)
    else:
        for row in rows:
            print(f"{row['model']:24} {row['train_images_per_s']:10.0f} {row['infer_images_per_s']:10.0f}")
        if args.json:
            with open(args.json, "w") as f:
                json.dump(rows, f, indent=2)
