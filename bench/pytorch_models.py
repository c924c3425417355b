"""The zoo's models in PyTorch, built from `nbbench --export-models`, timed
as ours are, for the side-by-side ratios of `nbbench --pytorch PYTHON`.

Same data (the export's float32 files), batch sizes, losses, optimiser (Adam
with the export's settings), initialisers and learning rates; the fastest of
--training-passes training epochs, then inference in batches of 1,000 (the
fastest of --passes passes), on --threads threads. PyTorch is NCHW, ours
NHWC: images are transposed once before timing. TensorFlow's asymmetric
SAME padding of strided layers is replaced by the symmetric padding that
gives the same output sizes (the same work); every layer's output shape is
checked against the export's.

    nbbench --export-models /tmp/zoo/zoo.json --images 3000
    python bench/pytorch_models.py --zoo /tmp/zoo/zoo.json --models post004-conv
"""

import math
import os

# On a shared machine PyTorch's OpenMP threads, spinning while they wait,
# collapse when another process holds a core (a tenth of the speed in a
# short run here); waiting passively is PyTorch's best setting there, and ours
# and XLA's pools do not spin either. Set before torch loads libgomp.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import zoo_export  # noqa: E402

ACTIVATIONS = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}


def nchw(shape):
    """An NHWC sample shape as PyTorch's (channels first); flat ones stay."""
    return [shape[2], shape[0], shape[1]] if len(shape) == 3 else shape


class ZeroFillUnpool(nn.Module):
    """Post 003's unpooling: each value to the top-left corner of its block of zeros."""

    def __init__(self, factor):
        super().__init__()
        self.factor = factor

    def forward(self, x):
        (fh, fw), (n, c, h, w) = self.factor, x.shape
        out = x.new_zeros(n, c, h, fh, w, fw)
        out[:, :, :, 0, :, 0] = x
        return out.reshape(n, c, h * fh, w * fw)


class Flatten(nn.Module):
    """Flattens in our (NHWC) order."""

    def forward(self, x):
        return x.flatten(1) if x.dim() == 2 or x.shape[1] == 1 else x.permute(0, 2, 3, 1).flatten(1)


class Reshape(nn.Module):
    """Reshapes flat samples to an NHWC shape, held channels first."""

    def __init__(self, shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        x = x.reshape([x.shape[0]] + self.shape)
        return x.permute(0, 3, 1, 2) if len(self.shape) == 3 else x


def initialise(tensor, spec, fan_in, fan_out):
    kind = spec["kind"]
    with torch.no_grad():
        if kind == "zeros":
            tensor.zero_()
        elif kind == "constant":
            tensor.fill_(spec["value"])
        elif kind == "normal":
            tensor.normal_(0, spec["std"])
        elif kind == "truncated_normal":
            nn.init.trunc_normal_(tensor, 0, spec["std"], -2 * spec["std"], 2 * spec["std"])
        elif kind == "uniform":
            tensor.uniform_(spec["low"], spec["high"])
        elif kind == "glorot_uniform":
            limit = math.sqrt(6 / (fan_in + fan_out))
            tensor.uniform_(-limit, limit)
        else:
            raise ValueError(f"unknown initialiser {kind}")


def layer(spec):
    """The PyTorch modules of one exported leaf (a layer and its activation)."""
    kind, inp, out = spec["kind"], spec["input_shape"], spec["output_shape"]
    if kind == "Dense":
        module = nn.Linear(spec["in_channels"], spec["out_channels"])
        initialise(module.weight, spec["initializer"], spec["in_channels"], spec["out_channels"])
        initialise(module.bias, spec["bias_initializer"], 0, 0)
    elif kind in ("Conv2D", "ConvTranspose2D"):
        (kh, kw), (sh, sw), bias = spec["size"], spec["stride"], spec.get("bias_initializer") is not None
        padding = (kh // 2, kw // 2) if spec["padding"] == "same" else (0, 0)
        cin, cout = spec["in_channels"], spec["out_channels"]
        if kind == "Conv2D":
            module = nn.Conv2d(cin, cout, (kh, kw), (sh, sw), padding, bias=bias)
        else:
            natural = [(i - 1) * s - 2 * p + k for i, s, p, k in zip(inp[:2], (sh, sw), padding, (kh, kw))]
            extra = tuple(o - n for o, n in zip(out[:2], natural))
            module = nn.ConvTranspose2d(cin, cout, (kh, kw), (sh, sw), padding, extra, bias=bias)
        taps = kh * kw
        initialise(module.weight, spec["initializer"], taps * cin, taps * cout)
        if bias:
            initialise(module.bias, spec["bias_initializer"], 0, 0)
    elif kind == "Dropout":
        return [nn.Dropout(1 - spec["keep"])]
    elif kind == "MaxPool2D":
        # SAME pooling pads after the last row and column: ceil_mode does that.
        return [nn.MaxPool2d(spec["size"], spec["stride"], ceil_mode=spec["padding"] == "same")]
    elif kind == "MaxUnpool2D":
        return [ZeroFillUnpool(spec["size"])]
    elif kind == "Upsample":
        return [nn.Upsample(size=tuple(out[:2]), mode="nearest")]
    elif kind == "Flatten":
        return [Flatten()]
    elif kind == "Reshape":
        return [Reshape(out)]
    else:
        raise ValueError(f"{spec['path']}: no PyTorch layer for {spec['constructor']}")
    activation = spec.get("activation", "identity")
    return [module] + ([ACTIVATIONS[activation]()] if activation != "identity" else [])


def build(model):
    """The model as an nn.Sequential, each leaf's output shape checked."""
    leaves = [layer(spec) for spec in model["layers"]]
    with torch.no_grad():
        x = torch.zeros([1] + nchw(model["sample_shape"]))
        for spec, modules in zip(model["layers"], leaves):
            for module in modules:
                x = module(x)
            if list(x.shape[1:]) != nchw(spec["output_shape"]):
                raise ValueError(f"{model['name']} {spec['path']}: {list(x.shape[1:])}, ours {spec['output_shape']}")
    built = nn.Sequential(*[m for modules in leaves for m in modules])
    count = sum(p.numel() for p in built.parameters())
    if count != model["parameter_count"]:
        raise ValueError(f"{model['name']}: {count} parameters, ours {model['parameter_count']}")
    return built


LOSSES = {
    "sse": lambda output, target: ((output - target) ** 2).sum(),
    "mse": F.mse_loss,
    "sigmoid_cross_entropy": F.binary_cross_entropy_with_logits,
}


def warm_up(model, data, loss_fn):
    """Two training steps and an inference batch of a throwaway copy, before
    the clock starts: PyTorch's first calls set up its kernels and
    allocator (as JAX's steps are compiled before timing, and as ours run
    after the sgemm measurement in a warm process)."""
    net, batch = build(model), model["batch_size"]
    optimiser = torch.optim.Adam(net.parameters())
    for _ in range(2):
        optimiser.zero_grad(set_to_none=True)
        loss_fn(net(data[:batch]), data[:batch]).backward()
        optimiser.step()
    with torch.no_grad():
        net.eval()(data[:1000])


def measure(model, samples, passes, threads, training_passes):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    data = samples if samples.ndim == 2 else np.ascontiguousarray(samples.transpose(0, 3, 1, 2))
    data = torch.from_numpy(data)
    net, loss_fn, batch = build(model), LOSSES[model["loss"]], model["batch_size"]
    settings = model["optimizer"]
    optimiser = torch.optim.Adam(
        net.parameters(), lr=settings["learning_rate"], betas=(settings["beta1"], settings["beta2"]),
        eps=settings["epsilon"])

    def train_epoch():
        net.train()
        for start in range(0, len(data), batch):
            x = data[start : start + batch]
            optimiser.zero_grad(set_to_none=True)
            loss_fn(net(x), x).backward()
            optimiser.step()

    def infer_batches():
        net.eval()
        with torch.no_grad():
            for start in range(0, len(data), 1000):
                net(data[start : start + 1000])

    warm_up(model, data, loss_fn)
    train, infer = zoo_export.time_model(train_epoch, infer_batches, len(data), passes, training_passes)
    return {"model": model["name"], "train_images_per_s": train, "infer_images_per_s": infer}


if __name__ == "__main__":
    zoo_export.main(__doc__.split("\n\n")[0], measure)
