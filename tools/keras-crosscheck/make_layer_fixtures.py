"""Task: Keras' numbers for every LayerSweepTest case (issue 19 item 1), read by runtime-tf's LayerParityTest.

Each case is a tiny functional model (`inputs -> layer under test -> Dense(2)`). The Java side writes the model
JSON, the input batch and the targets of every case; Keras 3.15.1 (TensorFlow 2.21) builds the model from that JSON
(`keras.models.model_from_json`), initializes it with its own initializers (BatchNormalization's and
Normalization's statistics perturbed, so that inference mode is not the identity), and records:
  - `w0/<k>`: the initial weights, in Keras' `model.weights` order;
  - `inference`: `model.predict(x)`;
  - `training`: `model(x, training=True)` (weights restored after it: BatchNormalization updates its statistics);
  - `losses`: two `train_on_batch` steps with Adam(0.01) and mse; `w2/<k>`: the weights after them.
Cases with random numbers in training (dropout, noise) get `random_in_training` and only `inference` is compared.

Run from the repository root, after the Java side has written the cases:
  ./mvnw -o -q -pl runtime-tf -am test -Dtest=LayerParityTest#writeCasesForKeras -Dkeras.crosscheck=true \\
      -Dsurefire.failIfNoSpecifiedTests=false
  TF_CPP_MIN_LOG_LEVEL=2 python3 tools/keras-crosscheck/make_layer_fixtures.py
Writes runtime-tf/src/test/resources/keras-parity/layers/ (`cases.json`, `<i>.npz`).
"""
import json
import os
import shutil
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ["KERAS_BACKEND"] = "tensorflow"
import numpy as np
import keras
import tensorflow as tf

# jkeras writes a single input as a one-element list; Keras then warns that a bare array was fed.
warnings.filterwarnings("ignore", message="The structure of `inputs` doesn't match")
IN = os.path.join("runtime-tf", "target", "keras-layer-cases")
OUT = os.path.join("runtime-tf", "src", "test", "resources", "keras-parity", "layers")
# The functions jkeras' Lambda cases register by name (LayerSweepTest), as Keras functions of the same ops.
LAMBDA_FUNCTIONS = {"sweep_tanh_square": lambda x: keras.ops.tanh(keras.ops.square(x))}
RANDOM_LAYERS = {"Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
                 "GaussianDropout", "AlphaDropout"}


def random_in_training(config):
    """Whether a layer in this (nested) config draws random numbers in training."""
    if isinstance(config, dict):
        if config.get("class_name") in RANDOM_LAYERS:
            return True
        inner = config.get("config", {})
        if isinstance(inner, dict) and (inner.get("dropout") or inner.get("recurrent_dropout")):
            return True
        return any(random_in_training(v) for v in config.values())
    if isinstance(config, list):
        return any(random_in_training(v) for v in config)
    return False


def perturb_statistics(model, rng):
    """BatchNormalization / Normalization start at identity statistics; give them values to normalize with."""
    for layer in model._flatten_layers(include_self=False):
        name = type(layer).__name__
        if name == "BatchNormalization":
            c = layer.gamma.shape[0] if layer.gamma is not None else layer.moving_mean.shape[0]
            if layer.gamma is not None:
                layer.gamma.assign(1 + 0.2 * rng.normal(size=c).astype(np.float32))
            if layer.beta is not None:
                layer.beta.assign(0.2 * rng.normal(size=c).astype(np.float32))
            layer.moving_mean.assign(0.3 * rng.normal(size=c).astype(np.float32))
            layer.moving_variance.assign((1 + 0.5 * np.abs(rng.normal(size=c))).astype(np.float32))


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    n = len([f for f in os.listdir(IN) if f.endswith(".json")])
    info = {"keras": keras.__version__, "tensorflow": tf.__version__, "cases": []}
    rng = np.random.default_rng(19)
    for i in range(n):
        with open(os.path.join(IN, "%d.json" % i)) as f:
            text = f.read()
        config = json.loads(text)
        data = np.load(os.path.join(IN, "%d.npz" % i))
        xs = [data["x%d" % k] for k in range(len([key for key in data.files if key.startswith("x")]))]
        xs = [x.astype(np.int32) if x.dtype.kind == "i" else x for x in xs]
        y = data["y"]
        keras.utils.set_random_seed(100 + i)
        model = keras.models.model_from_json(text, custom_objects=LAMBDA_FUNCTIONS)
        perturb_statistics(model, rng)
        feed = xs[0] if len(xs) == 1 else xs
        with open(os.path.join(IN, "%d.class" % i)) as f:
            cls = f.read().strip()
        w0 = [np.asarray(w) for w in model.get_weights()]
        arrays = {"x%d" % k: x for k, x in enumerate(xs)}
        arrays["y"] = y
        for k, w in enumerate(w0):
            arrays["w0/%d" % k] = w.astype(np.float32)
        arrays["inference"] = np.asarray(model.predict(feed, verbose=0), np.float32)
        rnd = random_in_training(config)
        if not rnd:
            arrays["training"] = np.asarray(model(feed, training=True), np.float32)
            model.set_weights(w0)
            model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
            arrays["losses"] = np.asarray([float(model.train_on_batch(feed, y)) for _ in range(2)], np.float32)
            for k, w in enumerate(model.get_weights()):
                arrays["w2/%d" % k] = np.asarray(w, np.float32)
        np.savez(os.path.join(OUT, "%d.npz" % i), **arrays)
        info["cases"].append({"index": i, "class": cls, "model": model.name,
                              "weights": [w.path for w in model.weights], "random_in_training": rnd})
        print("%2d %-24s %s" % (i, cls, "random: inference only" if rnd else "losses %s" % arrays["losses"]))
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump(info, f, indent=1)


if __name__ == "__main__":
    main()
