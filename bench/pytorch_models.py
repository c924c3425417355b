"""The eleven models of nbbench in PyTorch, timed the same way, for the
side-by-side ratios that `nbbench --pytorch PYTHON` prints.

Same data (Debian's Fashion-MNIST files, post 000's cosine signals), same
batch sizes, losses, optimiser (Adam) and learning rates, one training epoch,
then inference in batches of 1,000 (the fastest of --passes passes), on two
threads. Shapes match ours; TensorFlow's asymmetric SAME padding is replaced
by the symmetric padding that gives the same output sizes (the same work).

    python bench/pytorch_models.py --models post004-conv --images 3000 --json -
"""

import argparse
import gzip
import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

FASHION = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"


def fashion_images(count):
    with gzip.open(FASHION, "rb") as f:
        data = f.read()
    n, rows, cols = (int.from_bytes(data[i : i + 4], "big") for i in (4, 8, 12))
    pixels = np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, 1, rows, cols)
    return torch.from_numpy(pixels[:count].astype(np.float32) / 255.0)


def cosine_signals(count):
    """Post 000: cos(2 pi x) on 100 points of [0.05, 2] plus N(0, 0.1) noise."""
    x = np.linspace(0.05, 2.0, 100, dtype=np.float32)
    clean = np.cos(2 * math.pi * x)[None, :].repeat(count, axis=0)
    noisy = clean + np.random.default_rng(0).normal(0, 0.1, clean.shape).astype(np.float32)
    return torch.from_numpy(noisy).reshape(count, 1, 1, 100)


class ZeroFillUnpool(nn.Module):
    """Post 003's unpooling: each value to the top-left corner of a 2x2 block of zeros."""

    def forward(self, x):
        n, c, h, w = x.shape
        out = x.new_zeros(n, c, h, 2, w, 2)
        out[:, :, :, 0, :, 0] = x
        return out.reshape(n, c, 2 * h, 2 * w)


def sse(output, target):
    return ((output - target) ** 2).sum()


def dense(sizes, hidden, last):
    layers = [nn.Flatten()]
    for i in range(len(sizes) - 1):
        layers += [nn.Linear(sizes[i], sizes[i + 1]), last() if i == len(sizes) - 2 else hidden()]
    return nn.Sequential(*layers, nn.Unflatten(1, (1, 28, 28)))


def pooled(grow):
    return nn.Sequential(
        nn.Conv2d(1, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.ConvTranspose2d(32, 16, 5, padding=2), nn.Sigmoid(), grow(),
        nn.ConvTranspose2d(16, 1, 5, padding=2), nn.Sigmoid(), grow(),
    )


def upsampling(a, b, c):
    return nn.Sequential(
        nn.Conv2d(1, a, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True),
        nn.Conv2d(a, b, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True),
        nn.Conv2d(b, c, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True),
        nn.Upsample(size=(7, 7)), nn.Conv2d(c, c, 3, padding=1), nn.ReLU(),
        nn.Upsample(size=(14, 14)), nn.Conv2d(c, b, 3, padding=1), nn.ReLU(),
        nn.Upsample(size=(28, 28)), nn.Conv2d(b, a, 3, padding=1), nn.ReLU(),
        nn.Conv2d(a, 1, 3, padding=1),
    )


def cae():
    layers = []
    for cin, cout in [(1, 16), (16, 32), (32, 64)]:
        layers += [nn.Conv2d(cin, cout, 5, stride=2, padding=2), nn.Sigmoid(), nn.Dropout(0.3)]
    for cin, cout, extra in [(64, 32, 0), (32, 16, 1), (16, 1, 1)]:  # 4 -> 7 -> 14 -> 28
        layers += [
            nn.ConvTranspose2d(cin, cout, 5, stride=2, padding=2, output_padding=extra),
            nn.Sigmoid(), nn.Dropout(0.3),
        ]
    return nn.Sequential(*layers)


def signal():
    return nn.Sequential(
        nn.Conv2d(1, 1, (1, 5), padding=(0, 2)), nn.Tanh(), nn.Dropout(0.3),
        nn.Conv2d(1, 1, (1, 25), padding=(0, 12)), nn.Tanh(), nn.Dropout(0.3),
        nn.ConvTranspose2d(1, 1, (1, 25), padding=(0, 12)), nn.Tanh(), nn.Dropout(0.3),
        nn.ConvTranspose2d(1, 1, (1, 5), padding=(0, 2)), nn.Tanh(), nn.Dropout(0.3),
    )


def logits_loss(output, target):
    return F.binary_cross_entropy_with_logits(output, target)


# name: (make, batch size, loss, learning rate, signals?)
MODELS = {
    "post000-cae": (cae, 128, sse, 0.001, False),
    "post000-signal": (signal, 1, sse, 0.001, True),
    "post001-dense": (lambda: dense([784, 256, 784], nn.Sigmoid, nn.Sigmoid), 100, F.mse_loss, 0.01, False),
    "post001-dense2": (
        lambda: dense([784, 256, 128, 256, 784], nn.Sigmoid, nn.Sigmoid), 100, F.mse_loss, 0.01, False),
    "post002-dense": (lambda: dense([784, 196, 49, 196, 784], nn.ReLU, nn.Sigmoid), 128, F.mse_loss, 0.001, False),
    "post003-deconv": (
        lambda: nn.Sequential(
            nn.Conv2d(1, 16, 5, stride=2, padding=2), nn.ReLU(),
            nn.Conv2d(16, 32, 5, stride=2, padding=2), nn.ReLU(),
            nn.ConvTranspose2d(32, 16, 5, stride=2, padding=2, output_padding=1), nn.ReLU(),
            nn.ConvTranspose2d(16, 1, 5, stride=2, padding=2, output_padding=1), nn.ReLU(),
        ),
        60, F.mse_loss, 0.01, False),
    "post003-unpool-zero": (lambda: pooled(ZeroFillUnpool), 60, F.mse_loss, 0.01, False),
    "post003-unpool-nearest": (lambda: pooled(lambda: nn.Upsample(scale_factor=2)), 60, F.mse_loss, 0.01, False),
    "post004-dense": (lambda: dense([784, 32, 784], nn.ReLU, nn.Identity), 200, logits_loss, 0.001, False),
    "post004-conv": (lambda: upsampling(16, 8, 8), 200, logits_loss, 0.001, False),
    "post004-denoise": (lambda: upsampling(32, 32, 16), 200, logits_loss, 0.001, False),
}


def measure(name, images, passes):
    make, batch, loss_fn, rate, signals = MODELS[name]
    torch.manual_seed(0)
    data = cosine_signals(min(images, 10_000)) if signals else fashion_images(images)
    model = make()
    optimiser = torch.optim.Adam(model.parameters(), lr=rate)
    model.train()
    started = time.perf_counter()
    for start in range(0, len(data), batch):
        x = data[start : start + batch]
        optimiser.zero_grad(set_to_none=True)
        loss_fn(model(x), x).backward()
        optimiser.step()
    train = len(data) / (time.perf_counter() - started)
    model.eval()
    fastest = math.inf
    with torch.no_grad():
        for _ in range(passes):
            started = time.perf_counter()
            for start in range(0, len(data), 1000):
                model(data[start : start + 1000])
            fastest = min(fastest, time.perf_counter() - started)
    infer = len(data) / fastest
    return {"model": name, "train_images_per_s": train, "infer_images_per_s": infer}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default=",".join(MODELS), help="comma-separated (default: all)")
    parser.add_argument("--images", type=int, default=60_000, help="training images per model")
    parser.add_argument("--passes", type=int, default=3, help="inference passes; the fastest counts")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", help="write the figures as JSON here ('-' for stdout)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    names = [n.strip() for n in args.models.split(",")]
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        sys.exit(f"unknown model(s): {', '.join(unknown)}; models: {', '.join(MODELS)}")
    if args.passes < 1:
        sys.exit(f"--passes must be at least 1, not {args.passes}")
    rows = [measure(name, args.images, args.passes) for name in names]
    if args.json == "-":
        json.dump(rows, sys.stdout)
    else:
        for row in rows:
            print(f"{row['model']:24} {row['train_images_per_s']:10.0f} {row['infer_images_per_s']:10.0f}")
        if args.json:
            with open(args.json, "w") as f:
                json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
