"""The zoo's models in JAX, built from `nbbench --export-models`, timed as
ours are, for the side-by-side ratios of `nbbench --jax PYTHON`.

Same data (the export's float32 files, NHWC as ours), batch sizes, losses,
initialisers and learning rates; optax's Adam with the export's settings; a
jit-compiled train step with its parameters and optimiser state donated; the
fastest of --training-passes training epochs, then inference in batches of
1,000 (the fastest of --passes passes), on --threads cores. The steps are
compiled for every batch shape before the clock starts (compile time is
reported apart), as a JAX user benchmarks. Padding is TensorFlow's SAME, as
ours.

    nbbench --export-models /tmp/zoo/zoo.json --images 3000
    python bench/jax_models.py --zoo /tmp/zoo/zoo.json --models post004-conv
"""

import functools
import math
import time

import numpy as np

import zoo_export

jax = jnp = lax = optax = None  # imported in `measure`, after the threads are pinned

ACTIVATIONS = {"identity": lambda x: x, "relu": lambda x: jax.nn.relu(x), "sigmoid": lambda x: jax.nn.sigmoid(x),
               "tanh": lambda x: jnp.tanh(x)}


def initialise(key, spec, shape, fan_in, fan_out):
    kind = spec["kind"]
    if kind == "zeros":
        return jnp.zeros(shape)
    if kind == "constant":
        return jnp.full(shape, spec["value"], jnp.float32)
    if kind == "normal":
        return spec["std"] * jax.random.normal(key, shape)
    if kind == "truncated_normal":
        return spec["std"] * jax.random.truncated_normal(key, -2.0, 2.0, shape)
    if kind == "uniform":
        return jax.random.uniform(key, shape, minval=spec["low"], maxval=spec["high"])
    if kind == "glorot_uniform":
        limit = math.sqrt(6 / (fan_in + fan_out))
        return jax.random.uniform(key, shape, minval=-limit, maxval=limit)
    raise ValueError(f"unknown initialiser {kind}")


def parameters(key, spec):
    """One leaf's parameters: `w` (HWIO kernels, [in, out] matrices) and `b` unless it has none."""
    if spec["kind"] not in ("Dense", "Conv2D", "ConvTranspose2D"):
        return {}
    cin, cout = spec["in_channels"], spec["out_channels"]
    taps = spec["size"][0] * spec["size"][1] if spec["kind"] != "Dense" else 1
    shape = (cin, cout) if spec["kind"] == "Dense" else (*spec["size"], cin, cout)
    weight_key, bias_key = jax.random.split(key)
    params = {"w": initialise(weight_key, spec["initializer"], shape, taps * cin, taps * cout)}
    if spec.get("bias_initializer") is not None:
        params["b"] = initialise(bias_key, spec["bias_initializer"], (cout,), 0, 0)
    return params


def transposed_padding(spec):
    """The padding of the dilated input that makes a convolution the
    transpose of the SAME convolution from the output size to the input size."""
    pads = []
    for i, o, k, s in zip(spec["input_shape"][:2], spec["output_shape"][:2], spec["size"], spec["stride"]):
        before, _ = zoo_export.same_padding(o, i, k, s)
        pads.append((k - 1 - before, o - 1 - (i - 1) * s + before))
    return pads


def apply(spec, params, x, key, training):
    """One leaf on a batch `x` (NHWC)."""
    kind = spec["kind"]
    if kind == "Dense":
        y = x @ params["w"]
    elif kind == "Conv2D":
        y = lax.conv_general_dilated(x, params["w"], spec["stride"], spec["padding"].upper(),
                                     dimension_numbers=("NHWC", "HWIO", "NHWC"))
    elif kind == "ConvTranspose2D":
        y = lax.conv_general_dilated(x, params["w"], (1, 1), transposed_padding(spec), lhs_dilation=spec["stride"],
                                     dimension_numbers=("NHWC", "HWIO", "NHWC"))
    elif kind == "Dropout":
        if not training:
            return x
        return jnp.where(jax.random.bernoulli(key, spec["keep"], x.shape), x / spec["keep"], 0)
    elif kind == "MaxPool2D":
        window, stride = (1, *spec["size"], 1), (1, *spec["stride"], 1)
        return lax.reduce_window(x, -jnp.inf, lax.max, window, stride, spec["padding"].upper())
    elif kind == "MaxUnpool2D":
        (fh, fw), (n, h, w, c) = spec["size"], x.shape
        spread = jnp.pad(x[:, :, None, :, None, :], ((0, 0), (0, 0), (0, fh - 1), (0, 0), (0, fw - 1), (0, 0)))
        return spread.reshape(n, h * fh, w * fw, c)
    elif kind == "Upsample":
        (h, w), (oh, ow) = x.shape[1:3], spec["output_shape"][:2]
        rows, cols = (np.arange(oh) * h) // oh, (np.arange(ow) * w) // ow
        return x[:, rows][:, :, cols]
    elif kind in ("Flatten", "Reshape"):
        return x.reshape((x.shape[0], *spec["output_shape"]))
    else:
        raise ValueError(f"{spec['path']}: no JAX layer for {spec['constructor']}")
    if "b" in params:
        y = y + params["b"]
    return ACTIVATIONS[spec["activation"]](y)


def forward(layers, params, x, key, training):
    keys = jax.random.split(key, len(layers))
    for spec, p, k in zip(layers, params, keys):
        x = apply(spec, p, x, k, training)
    return x


LOSSES = {
    "sse": lambda output, target: jnp.sum((output - target) ** 2),
    "mse": lambda output, target: jnp.mean((output - target) ** 2),
    "sigmoid_cross_entropy": lambda logits, labels: jnp.mean(optax.sigmoid_binary_cross_entropy(logits, labels)),
}


def build(model):
    """The model's parameters and its pure functions, each leaf's output shape checked."""
    layers = model["layers"]
    keys = jax.random.split(jax.random.PRNGKey(0), len(layers))
    params = [parameters(k, spec) for k, spec in zip(keys, layers)]
    x = jnp.zeros([1] + model["sample_shape"])
    for spec, p in zip(layers, params):
        x = apply(spec, p, x, keys[0], training=False)
        if list(x.shape[1:]) != spec["output_shape"]:
            raise ValueError(f"{model['name']} {spec['path']}: {list(x.shape[1:])}, ours {spec['output_shape']}")
    count = sum(leaf.size for leaf in jax.tree_util.tree_leaves(params))
    if count != model["parameter_count"]:
        raise ValueError(f"{model['name']}: {count} parameters, ours {model['parameter_count']}")
    return layers, params


def measure(model, samples, passes, threads, training_passes):
    zoo_export.pin_threads(threads)
    global jax, jnp, lax, optax
    import jax
    import jax.numpy as jnp
    import optax
    from jax import lax

    layers, params = build(model)
    loss_fn, batch, settings = LOSSES[model["loss"]], model["batch_size"], model["optimizer"]
    optimiser = optax.adam(settings["learning_rate"], settings["beta1"], settings["beta2"], settings["epsilon"])
    state = optimiser.init(params)

    def loss_of(params, x, key):
        return loss_fn(forward(layers, params, x, key, True), x)

    @functools.partial(jax.jit, donate_argnums=(0, 1))
    def train_step(params, state, x, key):
        loss, grads = jax.value_and_grad(loss_of)(params, x, key)
        updates, state = optimiser.update(grads, state, params)
        return optax.apply_updates(params, updates), state, loss

    @jax.jit
    def infer(params, x):
        return forward(layers, params, x, jax.random.PRNGKey(0), False)

    data = jnp.asarray(samples)
    count = data.shape[0]
    train_batches = [data[s : s + batch] for s in range(0, count, batch)]
    infer_batches = [data[s : s + 1000] for s in range(0, count, 1000)]
    keys = list(jax.random.split(jax.random.PRNGKey(1), len(train_batches)))
    started = time.perf_counter()
    # Compiled once per batch shape (a short last batch is a second shape).
    train_steps = {x.shape: train_step.lower(params, state, x, keys[0]).compile() for x in train_batches}
    inference = {x.shape: infer.lower(params, x).compile() for x in infer_batches}
    compile_seconds = time.perf_counter() - started
    # Each epoch continues from the last one's parameters and state: the
    # steps donate their buffers, so the first ones are gone after a step.
    trained = {"params": params, "state": state}

    def train_epoch():
        p, s = trained["params"], trained["state"]
        for x, key in zip(train_batches, keys):
            p, s, loss = train_steps[x.shape](p, s, x, key)
        jax.block_until_ready(loss)
        trained["params"], trained["state"] = p, s

    def infer_all():
        outputs = [inference[x.shape](trained["params"], x) for x in infer_batches]
        jax.block_until_ready(outputs)

    train, infer_rate = zoo_export.time_model(train_epoch, infer_all, count, passes, training_passes)
    return {"model": model["name"], "train_images_per_s": train, "infer_images_per_s": infer_rate,
            "compile_s": compile_seconds}


if __name__ == "__main__":
    zoo_export.main(__doc__.split("\n\n")[0], measure)
