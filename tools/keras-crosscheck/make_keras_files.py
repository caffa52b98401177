"""Writes the Keras-made model files that runtime-tf's KerasFilesTest loads (runtime-tf/src/test/resources/
keras-files/): for each small model a Keras 3 `.keras` archive, a legacy `.h5` model file, and an `.npz` with
the input batch (`x/<input>`), Keras' predictions (`y/<output>`) and, for compiled models, the targets
(`t/<output>`) and the losses of the next two training steps, taken by the model Keras loads from the `.keras`
file (`loss_keras`, and its predictions after them, `y_after/<output>`) and by the saved model itself
(`loss_next`). Between them the models use every layer class registered in jkeras' LayerRegistry
(checked at the end), with nested models, a shared layer, several inputs and outputs, masks,
BatchNormalization, RNNs, MultiHeadAttention and each optimizer jkeras has. Run from the repository root:
  TF_CPP_MIN_LOG_LEVEL=2 python3 tools/keras-crosscheck/make_keras_files.py
"""
import os
import re
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import json  # noqa: E402
import logging  # noqa: E402

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers as L  # noqa: E402

OUT = os.path.join("runtime-tf", "src", "test", "resources", "keras-files")
BATCH = 4
logging.getLogger("tensorflow").setLevel(logging.ERROR)  # tf.function retracing notices


def rnd(rng, *shape):
    return rng.standard_normal((BATCH,) + shape).astype("float32")


# ---------------------------------------------------------------- models


def conv2d():
    """Image layers, compiled with Adadelta: Rescaling, padding, every 2-D convolution and pooling, BatchNorm."""
    inp = keras.Input((8, 8, 3), name="image")
    x = L.Rescaling(0.5, offset=0.1)(inp)
    x = L.ZeroPadding2D(1)(x)
    x = L.Conv2D(4, 3, activation="relu")(x)
    x = L.BatchNormalization()(x)
    x = L.DepthwiseConv2D(3, padding="same")(x)
    x = L.SeparableConv2D(4, 3, padding="same", activation="tanh")(x)
    x = L.Conv2DTranspose(3, 2, strides=2)(x)
    x = L.Cropping2D(2)(x)
    x = L.MaxPooling2D(2)(x)
    x = L.AveragePooling2D(2)(x)
    x = L.UpSampling2D(2)(x)
    a = L.GlobalAveragePooling2D()(x)
    b = L.GlobalMaxPooling2D()(x)
    c = L.Flatten()(x)
    out = L.Dense(3, name="scores")(L.Concatenate()([a, b, c]))
    return keras.Model(inp, out, name="conv2d"), keras.optimizers.Adadelta(1.0), keras.losses.MeanSquaredError()


def conv1d_3d():
    """Two inputs, two outputs: 1-D and 3-D convolutions and poolings; compiled with AdamW (amsgrad)."""
    seq = keras.Input((10, 3), name="sequence")
    vol = keras.Input((4, 4, 4, 2), name="volume")
    s = L.Conv1D(4, 3, activation="relu")(seq)
    s = L.MaxPooling1D(2)(s)
    s = L.Cropping1D((1, 0))(s)
    s = L.AveragePooling1D(1)(s)
    s1 = L.GlobalAveragePooling1D()(s)
    s2 = L.GlobalMaxPooling1D()(s)
    v = L.Conv3D(2, 2)(vol)
    v = L.Flatten()(v)
    first = L.Dense(2, name="first")(L.Concatenate()([s1, v]))
    second = L.Dense(1, activation="sigmoid", name="second")(L.Concatenate()([s2, v]))
    model = keras.Model([seq, vol], [first, second], name="conv1d_3d")
    return model, keras.optimizers.AdamW(0.01, amsgrad=True), {"first": keras.losses.MeanSquaredError(),
                                                             "second": keras.losses.BinaryCrossentropy()}


def merging():
    """A shared Dense on two inputs, every merge layer, activation layers, reshaping; Adam."""
    a = keras.Input((6,), name="left")
    b = keras.Input((6,), name="right")
    shared = L.Dense(4, name="shared")
    sa, sb = shared(a), shared(b)
    merged = [L.Add()([sa, sb]), L.Subtract()([sa, sb]), L.Multiply()([sa, sb]), L.Average()([sa, sb]),
              L.Maximum()([sa, sb]), L.Minimum()([sa, sb]), L.Dot(axes=1)([sa, sb])]
    x = L.Concatenate()(merged)
    x = L.ReLU()(x)
    y = L.LeakyReLU(0.2)(L.Dense(6)(x))
    y = L.PReLU()(y)
    y = L.ELU()(y)
    y = L.Activation("tanh")(y)
    r = L.Reshape((3, 2))(y)
    r = L.Permute((2, 1))(r)
    r = L.Flatten()(r)
    r = L.RepeatVector(2)(r)
    r = L.Flatten()(r)
    probs = L.Softmax(name="probs")(L.Dense(3)(r))
    value = L.Dense(1, name="value")(y)
    model = keras.Model([a, b], [probs, value], name="merging")
    opt = keras.optimizers.Adam(0.01)
    return model, opt, {"probs": keras.losses.CategoricalCrossentropy(), "value": keras.losses.MeanAbsoluteError()}


def recurrent():
    """A masked float sequence: Masking, LSTM, Bidirectional(GRU), TimeDistributed(Dense), SimpleRNN; Nadam."""
    inp = keras.Input((6, 3), name="steps")
    x = L.Masking(0.0)(inp)
    x = L.LSTM(4, return_sequences=True)(x)
    x = L.Bidirectional(L.GRU(3, return_sequences=True))(x)
    x = L.TimeDistributed(L.Dense(4))(x)
    x = L.SimpleRNN(3)(x)
    out = L.Dense(2, name="out")(x)
    return keras.Model(inp, out, name="recurrent"), keras.optimizers.Nadam(0.01), keras.losses.MeanSquaredError()


def embedding():
    """Token ids with Embedding(mask_zero=True) feeding a GRU and a masked average; SGD with momentum."""
    inp = keras.Input((5,), dtype="int32", name="tokens")
    e = L.Embedding(11, 4, mask_zero=True)(inp)
    g = L.GRU(3, reset_after=False)(e)
    m = L.GlobalAveragePooling1D()(e)
    out = L.Dense(2, name="out")(L.Concatenate()([g, m]))
    return keras.Model(inp, out, name="embedding"), keras.optimizers.SGD(0.1, momentum=0.9), keras.losses.MeanSquaredError()


def attention(norm_data):
    """LayerNormalization, self- and cross-attention (with a key and a causal mask), Normalization; Adagrad."""
    q = keras.Input((4, 6), name="query")
    v = keras.Input((3, 6), name="value")
    n = L.Normalization()
    n.adapt(norm_data)
    x = L.LayerNormalization()(n(q))
    s = L.MultiHeadAttention(2, 3)(x, x, use_causal_mask=True)
    c = L.MultiHeadAttention(2, 2, value_dim=3, use_bias=False)(x, v, key=v)
    x = L.Add()([s, c])
    out = L.Dense(2, name="out")(L.GlobalAveragePooling1D()(x))
    return keras.Model([q, v], out, name="attention"), keras.optimizers.Adagrad(0.1), keras.losses.Huber()


def nested():
    """A Sequential and a functional model used as layers, one of them twice (shared); RMSprop (centered)."""
    inner_seq = keras.Sequential([keras.Input((5,)), L.Dense(4, activation="relu"), L.BatchNormalization(),
                                  L.Dense(3)], name="inner_sequential")
    i = keras.Input((3,))
    inner_fun = keras.Model(i, L.Dense(3, activation="tanh")(i), name="inner_functional")
    inp = keras.Input((5,), name="features")
    x = inner_seq(inp)
    x = inner_fun(inner_fun(x))
    out = L.Dense(2, name="out")(x)
    opt = keras.optimizers.RMSprop(0.01, momentum=0.5, centered=True)
    return keras.Model(inp, out, name="nested"), opt, keras.losses.MeanSquaredError()


def sequential_noise():
    """A Sequential of the layers that are random in training only (predictions compared, not training)."""
    model = keras.Sequential([
        keras.Input((6, 4)),
        L.Dropout(0.5),
        L.SpatialDropout1D(0.3),
        L.GaussianNoise(0.2),
        L.GaussianDropout(0.2),
        L.Reshape((6, 4, 1)),
        L.SpatialDropout2D(0.2),
        L.Flatten(),
        L.Dense(3),
    ], name="sequential_noise")
    return model, None, None


def ops_layers():
    """The layers jkeras writes in ops: 3-D poolings and upsampling, UpSampling1D, GroupNormalization; Adam."""
    vol = keras.Input((4, 4, 4, 2), name="volume")
    seq = keras.Input((5, 4), name="sequence")
    v = L.UpSampling3D((1, 2, 2))(vol)
    v = L.MaxPooling3D(2, strides=(1, 2, 2), padding="same")(v)
    v = L.AveragePooling3D(2)(v)
    a = L.GlobalAveragePooling3D()(v)
    b = L.GlobalMaxPooling3D()(v)
    s = L.UpSampling1D(2)(seq)
    s = L.GroupNormalization(groups=2)(s)
    s = L.Flatten()(s)
    out = L.Dense(3, name="scores")(L.Concatenate()([a, b, s]))
    return keras.Model([vol, seq], out, name="ops_layers"), keras.optimizers.Adam(0.01), keras.losses.MeanSquaredError()


# ---------------------------------------------------------------- files
# Losses are given as objects: Keras 3.15.1 cannot load a legacy .h5 compiled with a loss string ("Could not
# deserialize 'keras.metrics.mse' because it is not a KerasSaveable subclass").


def layer_classes(layer, out):
    out.add(type(layer).__name__)
    for attr in ("layers",):
        for sub in getattr(layer, attr, []) or []:
            layer_classes(sub, out)
    for attr in ("layer", "forward_layer", "backward_layer"):
        sub = getattr(layer, attr, None)
        if isinstance(sub, keras.layers.Layer):
            layer_classes(sub, out)


def output_names(model):
    # A Sequential has no output_names; its output is named after its last layer, in Keras and in jkeras.
    return getattr(model, "output_names", None) or [model.layers[-1].name]


def write(name, model, optimizer, loss, x, rng, covered):
    keras_path = os.path.join(OUT, name + ".keras")
    h5_path = os.path.join(OUT, name + ".h5")
    arrays = {}
    inputs = x if isinstance(x, list) else [x]
    for t, a in zip(model.inputs, inputs):
        arrays["x/" + t._keras_history[0].name] = a  # the InputLayer's name (a Sequential's tensor has another)
    if optimizer is not None:
        model.compile(optimizer=optimizer, loss=loss)
        targets = []
        for o, o_name in zip(model.outputs, output_names(model)):
            shape = tuple(o.shape[1:])
            t = rng.random((BATCH,) + shape).astype("float32")
            # Categorical targets sum to 1: for others, Keras on TensorFlow trains with the fused
            # softmax_cross_entropy_with_logits op, whose gradient (softmax - labels) is not that of its loss.
            targets.append(t / t.sum(axis=-1, keepdims=True) if o_name == "probs" else t)
        for _ in range(2):  # the optimizer's slots hold something
            model.train_on_batch(x, targets)
    model.save(keras_path)
    model.save(h5_path)  # Keras 3's legacy_h5_format, as Keras 2 wrote it
    preds = model.predict(x, verbose=0)
    preds = preds if isinstance(preds, list) else [preds]
    for name_, p in zip(output_names(model), preds):
        arrays["y/" + name_] = p
    if optimizer is not None:
        for name_, t in zip(output_names(model), targets):
            arrays["t/" + name_] = t
        # The next step of the model Keras loads from the .keras file, and of the saved model itself. (Keras
        # 3.15.1 cannot train a model it loaded from a legacy .h5 with its optimizer: "Unknown variable ...
        # This optimizer can only be called for the variables it was originally built with"; the .h5 files
        # are checked against the saved model's own next step.)
        # Two steps: the first step's loss depends on the weights only, the second's and the predictions after
        # them on the optimizer's state too.
        loaded = keras.models.load_model(keras_path)
        arrays["loss_keras"] = np.array([loaded.train_on_batch(x, targets, return_dict=True)["loss"]
                                         for _ in range(2)], "float32")
        after = loaded.predict(x, verbose=0)
        for name_, p in zip(output_names(model), after if isinstance(after, list) else [after]):
            arrays["y_after/" + name_] = p
        arrays["loss_next"] = np.array([model.train_on_batch(x, targets, return_dict=True)["loss"]
                                        for _ in range(2)], "float32")
    np.savez(os.path.join(OUT, name + ".npz"), **arrays)
    layer_classes(model, covered)
    print("%-18s %6d + %6d bytes, outputs %s%s" % (
        name, os.path.getsize(keras_path), os.path.getsize(h5_path), output_names(model),
        "" if optimizer is None else ", next losses %s (loaded .keras) %s (saved model)" % (
            arrays["loss_keras"], arrays["loss_next"])))


# A Keras 2 (tf.keras 2.2.4-tf) model_config and optimizer config as tf.keras printed them (a public tutorial's
# model.to_json() and optimizer.get_config() output, verbatim). Keras 2 cannot be installed next to Keras 3 here,
# so keras2_file() lays weights out around this config as tf.keras' legacy HDF5 writer did ("dense_1/kernel:0"
# under model_weights/dense_1, layer_names and weight_names attributes); the predictions come from NumPy.
KERAS2_CONFIG = (
    '{"class_name": "Model", "keras_version": "2.2.4-tf", "config": {"layers": [{"class_name": "InputLayer", '
    '"config": {"dtype": "float32", "batch_input_shape": [null, 4], "name": "input_1", "sparse": false}, '
    '"inbound_nodes": [], "name": "input_1"}, {"class_name": "Dense", "config": {"kernel_initializer": '
    '{"class_name": "GlorotUniform", "config": {"dtype": "float32", "seed": null}}, "name": "dense_1", '
    '"kernel_constraint": null, "bias_regularizer": null, "bias_constraint": null, "dtype": "float32", '
    '"activation": "relu", "trainable": true, "kernel_regularizer": null, "bias_initializer": {"class_name": '
    '"Zeros", "config": {"dtype": "float32"}}, "units": 10, "use_bias": true, "activity_regularizer": null}, '
    '"inbound_nodes": [[["input_1", 0, 0, {}]]], "name": "dense_1"}, {"class_name": "Dense", "config": '
    '{"kernel_initializer": {"class_name": "GlorotUniform", "config": {"dtype": "float32", "seed": null}}, '
    '"name": "dense_2", "kernel_constraint": null, "bias_regularizer": null, "bias_constraint": null, "dtype": '
    '"float32", "activation": "relu", "trainable": true, "kernel_regularizer": null, "bias_initializer": '
    '{"class_name": "Zeros", "config": {"dtype": "float32"}}, "units": 10, "use_bias": true, '
    '"activity_regularizer": null}, "inbound_nodes": [[["dense_1", 0, 0, {}]]], "name": "dense_2"}, '
    '{"class_name": "Dense", "config": {"kernel_initializer": {"class_name": "GlorotUniform", "config": '
    '{"dtype": "float32", "seed": null}}, "name": "dense_3", "kernel_constraint": null, "bias_regularizer": '
    'null, "bias_constraint": null, "dtype": "float32", "activation": "relu", "trainable": true, '
    '"kernel_regularizer": null, "bias_initializer": {"class_name": "Zeros", "config": {"dtype": "float32"}}, '
    '"units": 3, "use_bias": true, "activity_regularizer": null}, "inbound_nodes": [[["dense_2", 0, 0, {}]]], '
    '"name": "dense_3"}], "input_layers": [["input_1", 0, 0]], "output_layers": [["dense_3", 0, 0]], "name": '
    '"iris_model"}, "backend": "tensorflow"}')
KERAS2_OPTIMIZER = ('{"beta_1": 0.9, "beta_2": 0.999, "name": "Adam", "decay": 0.0, "epsilon": 1e-07, '
                    '"learning_rate": 0.01, "amsgrad": false}')


def keras2_file(rng):
    import h5py

    path = os.path.join(OUT, "iris_keras2.h5")
    shapes = {"dense_1": (4, 10), "dense_2": (10, 10), "dense_3": (10, 3)}
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = b"2.2.4-tf"
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = KERAS2_CONFIG.encode("utf8")
        f.attrs["training_config"] = json.dumps({
            "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"], "weighted_metrics": None,
            "sample_weight_mode": None, "loss_weights": None,
            "optimizer_config": {"class_name": "Adam", "config": json.loads(KERAS2_OPTIMIZER)}}).encode("utf8")
        g = f.create_group("model_weights")
        g.attrs["layer_names"] = [b"input_1", b"dense_1", b"dense_2", b"dense_3"]
        g.attrs["keras_version"] = b"2.2.4-tf"
        g.attrs["backend"] = b"tensorflow"
        g.create_group("input_1").attrs["weight_names"] = []
        for name, shape in shapes.items():
            lg = g.create_group(name)
            lg.attrs["weight_names"] = [("%s/kernel:0" % name).encode(), ("%s/bias:0" % name).encode()]
            lg[name + "/kernel:0"] = rng.standard_normal(shape).astype("float32") * 0.5
            lg[name + "/bias:0"] = rng.standard_normal(shape[1]).astype("float32") * 0.1
    x = rng.standard_normal((BATCH, 4)).astype("float32")
    # Keras 3.15.1 cannot load this Keras 2 config ("GlorotUniform.__init__() got an unexpected keyword argument
    # 'dtype'"), so NumPy computes the three relu Dense layers.
    y = x
    with h5py.File(path, "r") as f:
        for name in shapes:
            w = f["model_weights"][name]
            y = np.maximum(y @ w[name + "/kernel:0"][()] + w[name + "/bias:0"][()], 0.0)
    np.savez(os.path.join(OUT, "iris_keras2.npz"), **{"x/input_1": x, "y/dense_3": y.astype("float32")})
    print("iris_keras2        %6d bytes (a Keras 2.2.4-tf config and weights)" % os.path.getsize(path))


def main():
    os.makedirs(OUT, exist_ok=True)
    keras.utils.set_random_seed(14)
    rng = np.random.default_rng(14)
    covered = set()

    model, opt, loss = conv2d()
    write("conv2d", model, opt, loss, rnd(rng, 8, 8, 3), rng, covered)
    model, opt, loss = conv1d_3d()
    write("conv1d_3d", model, opt, loss, [rnd(rng, 10, 3), rnd(rng, 4, 4, 4, 2)], rng, covered)
    model, opt, loss = merging()
    write("merging", model, opt, loss, [rnd(rng, 6), rnd(rng, 6)], rng, covered)
    seq = rnd(rng, 6, 3)
    seq[0, 4:] = 0.0  # masked steps
    seq[2, 3:] = 0.0
    model, opt, loss = recurrent()
    write("recurrent", model, opt, loss, seq, rng, covered)
    ids = rng.integers(1, 11, size=(BATCH, 5)).astype("int32")
    ids[0, 3:] = 0  # padding, masked
    ids[1, 1:] = 0
    model, opt, loss = embedding()
    write("embedding", model, opt, loss, ids, rng, covered)
    model, opt, loss = attention(rng.standard_normal((20, 6)).astype("float32") * 2 + 1)
    write("attention", model, opt, loss, [rnd(rng, 4, 6), rnd(rng, 3, 6)], rng, covered)
    model, opt, loss = nested()
    write("nested", model, opt, loss, rnd(rng, 5), rng, covered)
    model, opt, loss = sequential_noise()
    write("sequential_noise", model, opt, loss, rnd(rng, 6, 4), rng, covered)

    keras2_file(rng)

    # A layer class jkeras lacks, for the error that names it (KerasFilesTest).
    inp = keras.Input((3,), name="features")
    model = keras.Model(inp, L.Dense(2)(L.Identity(name="identity")(inp)), name="unsupported")
    model.save(os.path.join(OUT, "unsupported.keras"))
    model.save(os.path.join(OUT, "unsupported.h5"))

    # Last, so that the files above keep their random numbers.
    model, opt, loss = ops_layers()
    write("ops_layers", model, opt, loss, [rnd(rng, 4, 4, 4, 2), rnd(rng, 5, 4)], rng, covered)

    registry = open(os.path.join("frontend", "src", "main", "java", "io", "jkeras", "layers",
                                 "LayerRegistry.java")).read()
    registered = set(re.findall(r'^\s+register\("(\w+)"', registry, re.MULTILINE))
    # Keras saves a Lambda's Python bytecode, which only Python can load (jkeras' Lambda saves a registered name).
    missing = sorted(registered - covered - {"Lambda"})
    print("layer classes covered: %d of %d registered" % (len(registered & covered), len(registered)))
    if missing:
        sys.exit("not covered: %s" % missing)


if __name__ == "__main__":
    main()
