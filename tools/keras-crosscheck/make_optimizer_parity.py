"""Task: step-by-step training parity fixtures for every optimizer jkeras has (issue 14 item 6, issue 19 item 1).

A small functional model with an Embedding branch and a Dense branch (`ids (5,) int32 -> Embedding(10, 4) ->
Flatten`, `x (3,) -> Dense(4, tanh)`, concatenated, `Dense(2)`, mse) is trained 6 steps with `train_on_batch` on
fixed batches from fixed initial weights, once per optimizer case. The batches repeat token ids inside an example
and across examples and leave some ids out: Keras on TensorFlow hands the Embedding's gradient to the optimizer as
`tf.IndexedSlices` (one row per looked-up id, duplicates not summed), and `ops.square(gradient)` then squares the
rows before they are summed, so Adam's, Nadam's, RMSprop's, Adagrad's and Adadelta's second moments differ from
what a dense gradient gives; clipping sees the rows too. Variants: `regularized` (an embeddings_regularizer adds a
dense gradient, so Keras sums everything into a dense one) and `shared` (one Embedding called on two id inputs:
two IndexedSlices concatenated).

Writes runtime-tf/src/test/resources/keras-parity/optimizers/: `cases.json` (Keras/TF versions, per case the
serialized optimizer, the model variant, the weight names in Keras' order, whether the Embedding gradient was
IndexedSlices), `data.npz` (initial weights `w0/<i>` per variant, batches `<input>/<step>`, `y/<step>`) and
`<case>.npz` (`losses`: the 6 per-step losses train_on_batch returned; `w/<i>`: the weights after 6 steps).
Read by runtime-tf's OptimizerParityTest. Run from the repository root:
  TF_CPP_MIN_LOG_LEVEL=2 python3 tools/keras-crosscheck/make_optimizer_parity.py
"""
import json
import os
import shutil

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ["KERAS_BACKEND"] = "tensorflow"
import numpy as np
import keras
import tensorflow as tf
from keras import layers, optimizers

OUT = os.path.join("runtime-tf", "src", "test", "resources", "keras-parity", "optimizers")
STEPS, BATCH, SEQ, VOCAB, DIM = 6, 6, 5, 10, 4

# Every optimizer class jkeras has (io.jkeras.optimizers), with the options that change the update rule, and the
# three clipping modes. Rates are large enough that 6 steps move the weights well away from their start.
CASES = {
    "sgd": lambda: optimizers.SGD(0.1),
    "sgd_momentum": lambda: optimizers.SGD(0.05, momentum=0.9),
    "sgd_nesterov": lambda: optimizers.SGD(0.05, momentum=0.9, nesterov=True),
    "sgd_weight_decay": lambda: optimizers.SGD(0.1, weight_decay=0.05),
    "adam": lambda: optimizers.Adam(0.05),
    "adam_amsgrad": lambda: optimizers.Adam(0.05, beta_2=0.9, amsgrad=True),  # beta_2 low: v falls, the max acts
    "adam_schedule": lambda: optimizers.Adam(optimizers.schedules.ExponentialDecay(0.05, 2, 0.5)),
    "adamw": lambda: optimizers.AdamW(0.05, weight_decay=0.05),
    "rmsprop": lambda: optimizers.RMSprop(0.01),
    "rmsprop_centered_momentum": lambda: optimizers.RMSprop(0.01, momentum=0.5, centered=True),
    "adagrad": lambda: optimizers.Adagrad(0.1),
    "adadelta": lambda: optimizers.Adadelta(1.0),
    "nadam": lambda: optimizers.Nadam(0.05),
    "adam_clipnorm": lambda: optimizers.Adam(0.05, clipnorm=0.05),
    "adam_global_clipnorm": lambda: optimizers.Adam(0.05, global_clipnorm=0.1),
    "adagrad_clipvalue": lambda: optimizers.Adagrad(0.1, clipvalue=0.01),
    "sgd_clipnorm": lambda: optimizers.SGD(0.1, clipnorm=0.05),
    "adam_regularized": (lambda: optimizers.Adam(0.05), "regularized"),
    "sgd_regularized": (lambda: optimizers.SGD(0.1), "regularized"),
    "adam_shared": (lambda: optimizers.Adam(0.05), "shared"),
    "adagrad_shared": (lambda: optimizers.Adagrad(0.1), "shared"),
}


def build(variant):
    keras.utils.set_random_seed(11)
    ids = keras.Input((SEQ,), dtype="int32", name="ids")
    x = keras.Input((3,), name="x")
    reg = keras.regularizers.L2(0.01) if variant == "regularized" else None
    emb = layers.Embedding(VOCAB, DIM, embeddings_regularizer=reg, name="embedding")
    parts = [layers.Flatten(name="flatten")(emb(ids))]
    inputs = [ids]
    if variant == "shared":
        ids2 = keras.Input((SEQ,), dtype="int32", name="ids2")
        parts.append(layers.Flatten(name="flatten_1")(emb(ids2)))
        inputs.append(ids2)
    parts.append(layers.Dense(4, activation="tanh", name="dense")(x))
    out = layers.Dense(2, name="out")(layers.Concatenate(name="concatenate")(parts))
    return keras.Model(inputs + [x], out, name="parity_" + variant)


def batches():
    rng = np.random.default_rng(5)
    data = {}
    for s in range(STEPS):
        # ids 0..7 only (rows 8 and 9 never looked up); small range so that ids repeat within and across examples.
        data["ids/%d" % s] = rng.integers(0, 8, size=(BATCH, SEQ)).astype(np.int32)
        data["ids2/%d" % s] = rng.integers(0, 8, size=(BATCH, SEQ)).astype(np.int32)
        data["x/%d" % s] = rng.normal(size=(BATCH, 3)).astype(np.float32)
        data["y/%d" % s] = rng.normal(size=(BATCH, 2)).astype(np.float32)
    return data


def feed(model, data, s):
    return [data["%s/%d" % (t.name, s)] for t in model.inputs]


def embedding_gradient_kind(model, data):
    with tf.GradientTape() as tape:
        pred = model(feed(model, data, 0), training=True)
        loss = tf.reduce_mean(tf.square(pred - data["y/0"])) + tf.add_n(model.losses or [tf.constant(0.0)])
    grads = tape.gradient(loss, model.trainable_weights)
    return type(grads[0]).__name__


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    data = batches()
    common = dict(data)
    info = {"keras": keras.__version__, "tensorflow": tf.__version__, "steps": STEPS, "cases": {}}
    initial = {}
    for variant in ("plain", "regularized", "shared"):
        m = build(variant)
        initial[variant] = [np.asarray(w) for w in m.get_weights()]
        for i, w in enumerate(initial[variant]):
            common["w0/%s/%d" % (variant, i)] = w.astype(np.float32)
    np.savez(os.path.join(OUT, "data.npz"), **common)
    for name, spec in CASES.items():
        make, variant = spec if isinstance(spec, tuple) else (spec, "plain")
        model = build(variant)
        model.set_weights(initial[variant])
        kind = embedding_gradient_kind(model, data)
        opt = make()
        model.compile(optimizer=opt, loss="mse")
        losses = [float(model.train_on_batch(feed(model, data, s), data["y/%d" % s])) for s in range(STEPS)]
        arrays = {"losses": np.asarray(losses, np.float32)}
        for i, w in enumerate(model.get_weights()):
            arrays["w/%d" % i] = np.asarray(w, np.float32)
        np.savez(os.path.join(OUT, name + ".npz"), **arrays)
        info["cases"][name] = {
            "optimizer": optimizers.serialize(opt),
            "variant": variant,
            "weights": [w.path for w in model.weights],
            "embedding_gradient": kind,
        }
        print("%-28s %-9s %-14s losses %s" % (name, variant, kind, " ".join("%.5f" % l for l in losses)))
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump(info, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
