"""Keras 3's own results of keras.ops on small fixed inputs, for runtime-tf's OpsValueTest and OpsGradientTest.

Writes runtime-tf/src/test/resources/ops/: ops_values.npz holds one float32 array "values", every input and
output of every case one after another (ints and bools as exact small floats); ops_cases.json says, per case:
  inputs, outputs   [{"dtype", "shape", "offset"}]: where each array lies in "values" and Keras' dtype (an input
                    is fed with that dtype; an output's dtype is what Keras' TensorFlow backend returned)
  batched           the inputs given an unknown first axis (None) for Keras' symbolic shape inference
  specs             Keras' output shapes for those symbolic inputs (-1 for None); null when Keras cannot infer them
The Java tests hold one lambda per case that makes the same call with io.jkeras.ops.Ops; a case missing on
either side fails the test. (One packed array: an .npz entry per array would cost ~250 bytes of headers each.)

Run from the repository root: TF_CPP_MIN_LOG_LEVEL=2 python3 tools/keras-crosscheck/make_ops_fixtures.py
"""

import json
import os

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
import keras  # noqa: E402
from keras import ops  # noqa: E402

assert keras.__version__ == "3.15.1", keras.__version__

OUT_DIR = "runtime-tf/src/test/resources/ops"
rng = np.random.default_rng(20261206)
values = []
offset = [0]
cases = {}


def put(x, dtype):
    """Appends x to the packed values; returns its entry."""
    v = np.asarray(x).astype("float32").ravel()
    if dtype != "bool":
        assert np.array_equal(v.astype(x.dtype), np.asarray(x).ravel()), "not exact in float32"
    entry = {"dtype": dtype, "shape": list(np.shape(x)), "offset": offset[0]}
    values.append(v)
    offset[0] += v.size
    return entry


def f32(*shape, positive=False, scale=1.0):
    """Random values k/1000 + 0.0004: never within 4e-4 of the kinks of relu, abs, clip(-0.5, 0.5), relu6, ...,
    so that the finite differences of the gradient test never straddle one."""
    a = rng.standard_normal(shape) * scale
    if positive:
        a = np.abs(a) + 0.25
    return (np.round(a, 3) + 0.0004).astype("float32")


def i32(*shape, low=0, high=5):
    return rng.integers(low, high, size=shape).astype("int32")


def b(*shape):
    return rng.integers(0, 2, size=shape).astype(bool)


def distinct(*shape):
    """Values 0.1 apart in random order: no ties, so max-pool gradients are defined."""
    n = int(np.prod(shape))
    return (rng.permutation(n) * 0.1 - n * 0.05).reshape(shape).astype("float32")


def case(name, fn, *inputs, batched=(0,)):
    assert name not in cases, name
    tensors = [ops.convert_to_tensor(x) for x in inputs]
    outs = fn(*tensors)
    if not isinstance(outs, (list, tuple)):
        outs = [outs]
    entry = {
        "inputs": [put(x, str(x.dtype)) for x in inputs],
        "outputs": [put(np.asarray(y), keras.backend.standardize_dtype(y.dtype)) for y in outs],
    }
    batched = [i for i in batched if i < len(inputs) and inputs[i].ndim > 0]
    entry["batched"] = batched
    entry["specs"] = None
    cases[name] = entry
    if batched:
        sym = [
            keras.KerasTensor(((None,) + x.shape[1:]) if i in batched else x.shape, dtype=str(x.dtype))
            for i, x in enumerate(inputs)
        ]
        try:
            specs = fn(*sym)
        except Exception:  # noqa: BLE001 - Keras cannot infer it: no spec
            specs = None
        if specs is not None:
            if not isinstance(specs, (list, tuple)):
                specs = [specs]
            entry["specs"] = [[-1 if d is None else d for d in s.shape] for s in specs]


# ---------------------------------------------------------------- arithmetic
a234, b31 = f32(2, 3, 4), f32(3, 1)
case("add_broadcast", ops.add, a234, b31)
case("add_scalar", lambda x: ops.add(x, 2.5), f32(2, 3))
case("add_int_scalar", lambda x: ops.add(x, 2), i32(2, 3))
case("add_int_float_scalar", lambda x: ops.add(x, 2.5), i32(2, 3))
case("add_int_float", ops.add, i32(2, 3), f32(2, 3))
case("add_bool_int_scalar", lambda x: ops.add(x, 1), b(2, 3))
case("subtract", ops.subtract, f32(2, 3), f32(3))
case("subtract_scalar_left", lambda x: ops.subtract(1.5, x), f32(2, 3))
case("subtract_int_scalar_left", lambda x: ops.subtract(1, x), i32(2, 3))
case("multiply_broadcast", ops.multiply, f32(4, 1), f32(1, 3))
case("multiply_int", ops.multiply, i32(2, 3), i32(2, 3))
case("multiply_scalar", lambda x: ops.multiply(x, -0.5), f32(2, 3))
case("divide", ops.divide, f32(2, 3), f32(2, 3, positive=True))
case("divide_int", ops.divide, i32(2, 3), i32(2, 3, low=1, high=4))
case("divide_scalar_left", lambda x: ops.divide(2.0, x), f32(2, 3, positive=True))
case("divide_scalar", lambda x: ops.divide(x, 4), f32(2, 3))
case("true_divide", ops.true_divide, f32(3, 2), f32(2, positive=True))
case("negative", ops.negative, f32(2, 3))
case("power", ops.power, f32(2, 3, positive=True), f32(2, 3))
case("power_scalar", lambda x: ops.power(x, 3), f32(2, 3))
case("power_int", lambda x: ops.power(x, 2), i32(2, 3))
case("power_scalar_base", lambda x: ops.power(2.0, x), f32(2, 3))
case("power_int_base", lambda x: ops.power(2, x), i32(2, 3))
case("maximum", ops.maximum, f32(2, 3), f32(3))
case("maximum_scalar", lambda x: ops.maximum(x, 0.0), f32(2, 3))
case("minimum", ops.minimum, f32(2, 1), f32(2, 3))
case("minimum_int_scalar", lambda x: ops.minimum(x, 2), i32(2, 3))
case("absolute", ops.absolute, f32(2, 3))
case("absolute_int", ops.absolute, i32(2, 3, low=-3, high=3))
case("square", ops.square, f32(2, 3))
case("sqrt", ops.sqrt, f32(2, 3, positive=True))
case("sqrt_int", ops.sqrt, i32(2, 3))
case("exp", ops.exp, f32(2, 3))
case("log", ops.log, f32(2, 3, positive=True))
case("log1p", ops.log1p, f32(2, 3, positive=True))
case("erf", ops.erf, f32(2, 3))
case("sign", ops.sign, f32(2, 3))
case("sign_int", ops.sign, i32(2, 3, low=-2, high=3))
case("clip", lambda x: ops.clip(x, -0.5, 0.5), f32(3, 4))
case("clip_int", lambda x: ops.clip(x, 1, 3), i32(3, 4))

# ---------------------------------------------------------------- linear algebra
case("matmul_2d", ops.matmul, f32(3, 4), f32(4, 5))
case("matmul_rank3", ops.matmul, f32(2, 3, 4), f32(2, 4, 5))
case("matmul_broadcast", ops.matmul, f32(2, 3, 4), f32(4, 5))
case("matmul_batch_broadcast", ops.matmul, f32(2, 1, 3, 4), f32(3, 4, 2))
case("matmul_vec_mat", ops.matmul, f32(4), f32(4, 5))
case("matmul_mat_vec", ops.matmul, f32(3, 4), f32(4))
case("matmul_rank3_vec", ops.matmul, f32(2, 3, 4), f32(4))
case("matmul_vec_vec", ops.matmul, f32(4), f32(4))
case("matmul_int", ops.matmul, i32(2, 3), i32(3, 2))
case("dot_2d", ops.dot, f32(3, 4), f32(4, 2))
case("dot_rank3", ops.dot, f32(2, 3, 4), f32(3, 4, 2))
case("dot_vec", ops.dot, f32(2, 3, 4), f32(4))
case("dot_scalar", lambda x: ops.dot(x, ops.convert_to_tensor(np.float32(1.5))), f32(2, 3))
case("tensordot_default", ops.tensordot, f32(2, 3, 4), f32(3, 4, 5))
case("tensordot_1", lambda x, y: ops.tensordot(x, y, axes=1), f32(2, 3, 4), f32(4, 5))
case("tensordot_pairs", lambda x, y: ops.tensordot(x, y, axes=([1, 2], [1, 0])), f32(2, 3, 4), f32(4, 3, 5))
case("einsum_matmul", lambda x, y: ops.einsum("ij,jk->ik", x, y), f32(3, 4), f32(4, 5))
case("einsum_batch", lambda x, y: ops.einsum("bij,bjk->bik", x, y), f32(2, 3, 4), f32(2, 4, 5))
case("einsum_transpose", lambda x: ops.einsum("ij->ji", x), f32(3, 4))
case("einsum_outer", lambda x, y: ops.einsum("i,j->ij", x, y), f32(3), f32(4))
case("einsum_sum", lambda x: ops.einsum("bij->b", x), f32(2, 3, 4))
case("einsum_implicit", lambda x, y: ops.einsum("ij,jk", x, y), f32(3, 4), f32(4, 5))
case("einsum_ellipsis", lambda x, y: ops.einsum("...ij,...jk->...ik", x, y), f32(2, 3, 4), f32(2, 4, 5))
case("einsum_three", lambda x, y, z: ops.einsum("ij,jk,kl->il", x, y, z), f32(2, 3), f32(3, 4), f32(4, 2))
case("einsum_int", lambda x, y: ops.einsum("ij,jk->ik", x, y), i32(2, 3), i32(3, 2))
case("einsum_diagonal", lambda x: ops.einsum("ii->i", x), f32(3, 3), batched=())
case("einsum_trace", lambda x: ops.einsum("ii", x), f32(3, 3), batched=())
case("einsum_ellipsis_broadcast", lambda x, y: ops.einsum("...ij,jk->...ik", x, y), f32(2, 3, 4), f32(4, 5))
case("einsum_attention", lambda q, k: ops.einsum("bqhd,bkhd->bhqk", q, k), f32(2, 3, 2, 4), f32(2, 5, 2, 4),
     batched=(0, 1))

# ---------------------------------------------------------------- shapes
case("reshape", lambda x: ops.reshape(x, (4, -1)), f32(2, 3, 4), batched=())
case("reshape_batch", lambda x: ops.reshape(x, (-1, 12)), f32(2, 3, 4))
case("transpose_default", ops.transpose, f32(2, 3, 4))
case("transpose_axes", lambda x: ops.transpose(x, (1, 0, 2)), f32(2, 3, 4))
case("transpose_negative", lambda x: ops.transpose(x, (0, -1, -2)), f32(2, 3, 4))
case("expand_dims", lambda x: ops.expand_dims(x, 1), f32(2, 3))
case("expand_dims_negative", lambda x: ops.expand_dims(x, -1), f32(2, 3))
case("squeeze_all", ops.squeeze, f32(2, 1, 3, 1), batched=())
case("squeeze_axis", lambda x: ops.squeeze(x, -2), f32(2, 3, 1, 4))
case("concatenate_default", lambda x, y: ops.concatenate([x, y]), f32(2, 3), f32(1, 3), batched=())
case("concatenate_last", lambda x, y: ops.concatenate([x, y], axis=-1), f32(2, 3), f32(2, 2), batched=(0, 1))
case("concatenate_int_float", lambda x, y: ops.concatenate([x, y], axis=1), i32(2, 3), f32(2, 2), batched=(0, 1))
case("stack_default", lambda x, y: ops.stack([x, y]), f32(2, 3), f32(2, 3), batched=(0, 1))
case("stack_last", lambda x, y: ops.stack([x, y], axis=-1), f32(2, 3), f32(2, 3), batched=(0, 1))
case("split_sections", lambda x: ops.split(x, 3, axis=-1), f32(2, 6))
case("split_indices", lambda x: ops.split(x, [1, 4], axis=1), f32(2, 6))
case("split_default_axis", lambda x: ops.split(x, 2), f32(4, 3), batched=())
case("take_axis1", lambda x, i: ops.take(x, i, axis=1), f32(2, 5, 3), i32(2, 2, high=5), batched=(0,))
case("take_negative", lambda x, i: ops.take(x, i, axis=0), f32(5, 3), np.array([-1, 0, -2], "int32"), batched=())
case("take_flat", lambda x, i: ops.take(x, i), f32(2, 5), i32(3, high=10), batched=())
case("take_along_axis", lambda x, i: ops.take_along_axis(x, i, axis=1), f32(2, 4, 3), i32(2, 2, 3, high=4),
     batched=(0, 1))
case("take_along_axis_negative", lambda x, i: ops.take_along_axis(x, i, axis=-1), f32(3, 4),
     np.array([[-1], [0], [-4]], "int32"), batched=(0, 1))
case("take_along_axis_broadcast", lambda x, i: ops.take_along_axis(x, i, axis=1), f32(3, 4), i32(1, 2, high=4))
case("where", lambda c, x, y: ops.where(ops.greater(c, 0), x, y), f32(2, 3), f32(2, 3), f32(3), batched=(0, 1))
case("where_bool", ops.where, b(2, 3), f32(2, 3), f32(2, 3), batched=(0, 1, 2))
case("where_scalar", lambda c, x: ops.where(c, x, 2.5), b(2, 3), f32(2, 3), batched=(0, 1))
case("where_int_float", lambda c, x: ops.where(c, x, 0.5), b(2, 3), i32(2, 3), batched=(0, 1))
case("where_scalar_left", lambda c, x: ops.where(c, 1.5, x), b(2, 3), f32(2, 3), batched=(0, 1))
case("cast_float_int", lambda x: ops.cast(x, "int32"), f32(2, 3, scale=3))
case("cast_int_float", lambda x: ops.cast(x, "float32"), i32(2, 3))
case("cast_bool", lambda x: ops.cast(x, "bool"), np.array([[0.0, 1.5, -2.0], [0.0, 0.0, 3.0]], "float32"))
case("tile", lambda x: ops.tile(x, (2, 1)), f32(2, 3))
case("tile_short", lambda x: ops.tile(x, 2), f32(2, 3))
case("tile_long", lambda x: ops.tile(x, (2, 1, 2)), f32(2, 3))
case("repeat_axis", lambda x: ops.repeat(x, 2, axis=1), f32(2, 3))
case("repeat_flat", lambda x: ops.repeat(x, 2), f32(2, 3), batched=())
case("pad", lambda x: ops.pad(x, ((1, 0), (2, 1))), f32(2, 3))
case("pad_value", lambda x: ops.pad(x, ((0, 1), (1, 1)), constant_values=1.5), f32(2, 3))
case("pad_reflect", lambda x: ops.pad(x, ((1, 1), (2, 1)), mode="reflect"), f32(3, 4))
case("pad_symmetric", lambda x: ops.pad(x, ((1, 0), (2, 2)), mode="symmetric"), f32(3, 4))
case("slice", lambda x: ops.slice(x, (0, 1, 1), (2, 2, 3)), f32(2, 3, 4), batched=())
case("slice_rest", lambda x: ops.slice(x, (1, 0), (-1, 2)), f32(3, 4), batched=())
case("ones_like", ops.ones_like, f32(2, 3))
case("zeros_like", ops.zeros_like, i32(2, 3))
case("full_like", lambda x: ops.full_like(x, 2.5), f32(2, 3))
case("full_like_int", lambda x: ops.full_like(x, 7), i32(2, 3))
case("full_like_dtype", lambda x: ops.full_like(x, 2.5, dtype="int32"), f32(2, 3))
case("ones_like_dtype", lambda x: ops.ones_like(x, dtype="bool"), f32(2, 3))
case("zeros_like_dtype", lambda x: ops.zeros_like(x, dtype="float32"), i32(2, 3))
case("stop_gradient", ops.stop_gradient, f32(2, 3))
case("arange_int", lambda: ops.arange(5))
case("arange_float", lambda: ops.arange(0, 2, 0.5))
case("arange_step", lambda: ops.arange(1, 10, 3))
case("arange_dtype", lambda: ops.arange(0, 4, 1, dtype="float32"))
case("arange_empty", lambda: ops.arange(2, 2))
case("one_hot", lambda x: ops.one_hot(x, 4), i32(2, 3, high=4))
case("one_hot_outside", lambda x: ops.one_hot(x, 3), np.array([[0, 2, -1, 3]], "int32"))
case("one_hot_axis", lambda x: ops.one_hot(x, 4, axis=0), i32(2, 3, high=4), batched=())
case("one_hot_nn", lambda x: keras.ops.nn.one_hot(x, 5), i32(3, high=5))
case("one_hot_dtype", lambda x: ops.one_hot(x, 3, axis=-1, dtype="int32"), i32(2, 2, high=3))
case("one_hot_bool", lambda x: ops.one_hot(x, 3, dtype="bool"), i32(2, high=3))

# ---------------------------------------------------------------- reductions
case("sum_all", ops.sum, f32(2, 3, 4))
case("sum_axis_keepdims", lambda x: ops.sum(x, axis=1, keepdims=True), f32(2, 3, 4))
case("sum_axes", lambda x: ops.sum(x, axis=(0, 2)), f32(2, 3, 4))
case("sum_negative", lambda x: ops.sum(x, axis=-1), f32(2, 3, 4))
case("sum_int", lambda x: ops.sum(x, axis=0), i32(3, 4))
case("sum_bool", lambda x: ops.sum(x, axis=1), b(3, 4))
case("mean_axis", lambda x: ops.mean(x, axis=-1), f32(2, 3, 4))
case("mean_all", ops.mean, f32(2, 3, 4))
case("mean_int", lambda x: ops.mean(x, axis=1), i32(3, 4))
case("max_axis", lambda x: ops.max(x, axis=1), f32(2, 3, 4))
case("max_keepdims", lambda x: ops.max(x, axis=(1, 2), keepdims=True), f32(2, 3, 4))
case("min_all", ops.min, f32(2, 3, 4))
case("min_axis", lambda x: ops.min(x, axis=0), f32(3, 4))
case("prod_axis", lambda x: ops.prod(x, axis=0), f32(3, 4))
case("prod_all", ops.prod, f32(2, 3))
case("prod_int", lambda x: ops.prod(x, axis=1), i32(2, 3, low=1, high=4))
case("argmax", lambda x: ops.argmax(x, axis=1), f32(2, 5))
case("argmax_keepdims", lambda x: ops.argmax(x, axis=-1, keepdims=True), f32(2, 3, 4))
case("argmax_flat", ops.argmax, f32(3, 4))
case("argmin", lambda x: ops.argmin(x, axis=-1), f32(2, 5))
case("argmin_int", lambda x: ops.argmin(x, axis=0), np.array([[3, 1, 2], [0, 4, 5]], "int32"))
case("cumsum", lambda x: ops.cumsum(x, axis=1), f32(2, 4))
case("cumsum_negative", lambda x: ops.cumsum(x, axis=-1), f32(2, 3, 4))
case("cumsum_flat", ops.cumsum, f32(2, 3), batched=())
case("cumsum_int", lambda x: ops.cumsum(x, axis=0), i32(3, 2))
case("norm_default", ops.norm, f32(3, 4))
case("norm_vector", ops.norm, f32(5))
case("norm_axis_keepdims", lambda x: ops.norm(x, axis=-1, keepdims=True), f32(2, 3, 4))
case("norm_ord1", lambda x: ops.norm(x, ord=1, axis=1), f32(3, 4))
case("norm_ord_inf", lambda x: ops.norm(x, ord=float("inf"), axis=-1), f32(3, 4))
case("norm_ord_neg_inf", lambda x: ops.norm(x, ord=float("-inf"), axis=-1), f32(3, 4))
case("norm_ord0", lambda x: ops.norm(x, ord=0, axis=-1), np.array([[0, 1.5, 0, -2], [3, 0, 0, 0]], "float32"))
case("norm_ord3", lambda x: ops.norm(x, ord=3, axis=0), f32(3, 4))
case("norm_fro", lambda x: ops.norm(x, ord="fro", axis=(1, 2)), f32(2, 3, 4))
case("norm_matrix_ord1", lambda x: ops.norm(x, ord=1, axis=(1, 2)), f32(2, 3, 4))
case("norm_matrix_ord_inf", lambda x: ops.norm(x, ord=float("inf"), axis=(-2, -1), keepdims=True), f32(2, 3, 4))
case("norm_matrix_ord_neg1", lambda x: ops.norm(x, ord=-1, axis=(2, 1)), f32(2, 3, 4))
case("logsumexp", lambda x: ops.logsumexp(x, axis=-1), f32(2, 3, 4, scale=3))
case("logsumexp_keepdims", lambda x: ops.logsumexp(x, axis=1, keepdims=True), f32(2, 3, 4))
case("logsumexp_all", ops.logsumexp, f32(2, 3))
case("norm_matrix_keepdims", lambda x: ops.norm(x, axis=(1, 2), keepdims=True), f32(2, 3, 4))

# ---------------------------------------------------------------- comparisons and logic
ints_a, ints_b = i32(3, 4, high=3), i32(3, 4, high=3)
case("equal", ops.equal, ints_a, ints_b, batched=(0, 1))
case("not_equal", ops.not_equal, ints_a, ints_b, batched=(0, 1))
case("less", ops.less, f32(3, 4), f32(4))
case("greater", ops.greater, f32(3, 4), f32(3, 1))
case("less_equal", ops.less_equal, ints_a, ints_b, batched=(0, 1))
case("greater_equal", ops.greater_equal, ints_a, ints_b, batched=(0, 1))
case("equal_scalar", lambda x: ops.equal(x, 2), ints_a)
case("less_int_float_scalar", lambda x: ops.less(x, 1.5), ints_b)
case("greater_scalar", lambda x: ops.greater(x, 0.25), f32(3, 4))
case("not_equal_scalar", lambda x: ops.not_equal(x, 1), ints_a)
case("less_equal_scalar", lambda x: ops.less_equal(x, 0.25), f32(3, 4))
case("greater_equal_int_scalar", lambda x: ops.greater_equal(x, 1), ints_b)
case("logical_and", ops.logical_and, b(3, 4), b(3, 4), batched=(0, 1))
case("logical_or", ops.logical_or, b(3, 4), b(4))
case("logical_not", ops.logical_not, b(3, 4))
case("logical_and_numbers", ops.logical_and, i32(3, 4, high=2), f32(3, 4), batched=(0, 1))
case("logical_not_float", ops.logical_not, np.array([[0.0, 1.0, -2.5]], "float32"))

# ---------------------------------------------------------------- activations
case("relu", ops.relu, f32(3, 4))
case("relu6", ops.relu6, f32(3, 4, scale=5))
case("sigmoid", ops.sigmoid, f32(3, 4, scale=3))
case("tanh", ops.tanh, f32(3, 4))
case("softplus", ops.softplus, f32(3, 4, scale=3))
case("silu", ops.silu, f32(3, 4, scale=2))
case("gelu", ops.gelu, f32(3, 4, scale=2))
case("gelu_exact", lambda x: ops.gelu(x, approximate=False), f32(3, 4, scale=2))
case("elu", ops.elu, f32(3, 4))
case("elu_alpha", lambda x: ops.elu(x, alpha=0.5), f32(3, 4))
case("leaky_relu", ops.leaky_relu, f32(3, 4))
case("leaky_relu_slope", lambda x: ops.leaky_relu(x, negative_slope=0.05), f32(3, 4))
case("softmax", ops.softmax, f32(3, 4, scale=2))
case("softmax_axis1", lambda x: ops.softmax(x, axis=1), f32(2, 3, 4))
case("softmax_axis0", lambda x: ops.softmax(x, axis=0), f32(3, 4), batched=())
case("log_softmax_rank3", ops.log_softmax, f32(2, 3, 4, scale=2))
case("log_softmax_axis1", lambda x: ops.log_softmax(x, axis=1), f32(2, 3, 4))

# ---------------------------------------------------------------- convolution and pooling
case("conv1d", ops.conv, f32(2, 7, 3), f32(3, 3, 4, scale=0.5))
case("conv1d_same_strides", lambda x, k: ops.conv(x, k, strides=2, padding="same"), f32(2, 7, 3),
     f32(3, 3, 2, scale=0.5))
case("conv2d", ops.conv, f32(2, 5, 5, 2), f32(3, 3, 2, 3, scale=0.5))
case("conv2d_strides_same", lambda x, k: ops.conv(x, k, strides=2, padding="same"), f32(2, 5, 6, 2),
     f32(3, 3, 2, 3, scale=0.5))
case("conv2d_dilation", lambda x, k: ops.conv(x, k, dilation_rate=2), f32(2, 6, 6, 2), f32(2, 2, 2, 3, scale=0.5))
case("conv2d_dilation_same", lambda x, k: ops.conv(x, k, padding="same", dilation_rate=(2, 1)), f32(1, 5, 5, 2),
     f32(3, 2, 2, 2, scale=0.5))
case("conv3d", lambda x, k: ops.conv(x, k, padding="same"), f32(1, 3, 4, 4, 2), f32(2, 2, 2, 2, 2, scale=0.5))
case("depthwise_conv2d", lambda x, k: ops.depthwise_conv(x, k, padding="same"), f32(2, 5, 5, 2),
     f32(3, 3, 2, 2, scale=0.5))
case("depthwise_conv2d_strides", lambda x, k: ops.depthwise_conv(x, k, strides=2), f32(1, 6, 6, 3),
     f32(2, 2, 3, 1, scale=0.5))
case("depthwise_conv2d_dilation", lambda x, k: ops.depthwise_conv(x, k, dilation_rate=2), f32(1, 6, 6, 2),
     f32(2, 2, 2, 1, scale=0.5))
case("depthwise_conv1d", lambda x, k: ops.depthwise_conv(x, k, padding="same"), f32(2, 6, 2), f32(3, 2, 2, scale=0.5))
case("conv_transpose2d", lambda x, k: ops.conv_transpose(x, k, strides=2), f32(2, 3, 3, 2), f32(3, 3, 4, 2, scale=0.5))
case("conv_transpose2d_same", lambda x, k: ops.conv_transpose(x, k, strides=2, padding="same"), f32(1, 3, 4, 2),
     f32(3, 3, 3, 2, scale=0.5))
case("conv_transpose2d_output_padding",
     lambda x, k: ops.conv_transpose(x, k, strides=2, padding="valid", output_padding=1), f32(1, 3, 3, 2),
     f32(3, 3, 2, 2, scale=0.5))
case("conv_transpose1d", lambda x, k: ops.conv_transpose(x, k, strides=2, padding="same"), f32(2, 4, 3),
     f32(3, 2, 3, scale=0.5))
case("max_pool2d", lambda x: ops.max_pool(x, 2), distinct(2, 4, 4, 2))
case("max_pool2d_same", lambda x: ops.max_pool(x, 3, strides=1, padding="same"), distinct(1, 4, 5, 2))
case("max_pool2d_strides", lambda x: ops.max_pool(x, (2, 3), strides=(1, 2)), distinct(1, 4, 7, 2))
case("max_pool1d", lambda x: ops.max_pool(x, 2, padding="same"), distinct(2, 5, 3))
case("max_pool3d", lambda x: ops.max_pool(x, 2), distinct(1, 4, 4, 4, 2))
case("average_pool2d", lambda x: ops.average_pool(x, 2), f32(2, 4, 4, 2))
case("average_pool2d_same", lambda x: ops.average_pool(x, 3, strides=2, padding="same"), f32(1, 5, 5, 2))
case("average_pool1d", lambda x: ops.average_pool(x, 3, strides=1), f32(2, 5, 3))
case("average_pool3d", lambda x: ops.average_pool(x, 2, padding="same"), f32(1, 3, 4, 4, 2))

# ---------------------------------------------------------------- normalization
case("moments", lambda x: ops.moments(x, axes=[0]), f32(4, 3))
case("moments_axes_keepdims", lambda x: ops.moments(x, axes=[0, 1, 2], keepdims=True), f32(2, 3, 3, 2))
case("moments_last", lambda x: ops.moments(x, axes=[-1]), f32(2, 3, 4))
case("batch_normalization", lambda x, m, v, o, s: ops.batch_normalization(x, m, v, axis=-1, offset=o, scale=s),
     f32(4, 3), f32(3), f32(3, positive=True), f32(3), f32(3))
case("batch_normalization_axis1", lambda x, m, v: ops.batch_normalization(x, m, v, axis=1, epsilon=0.01),
     f32(2, 3, 4), f32(3), f32(3, positive=True))

os.makedirs(OUT_DIR, exist_ok=True)
npz = os.path.join(OUT_DIR, "ops_values.npz")
np.savez_compressed(npz + ".tmp.npz", values=np.concatenate(values))
os.replace(npz + ".tmp.npz", npz)
index = os.path.join(OUT_DIR, "ops_cases.json")
with open(index + ".tmp", "w") as f:
    f.write("{\n" + ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in cases.items()) + "\n}\n")
os.replace(index + ".tmp", index)
print(f"{len(cases)} cases, {offset[0]} values: {os.path.getsize(npz)} + {os.path.getsize(index)} bytes in {OUT_DIR}")
