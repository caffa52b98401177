"""Task: a Keras 3 functional model with two named inputs and two named outputs, exported with
model.export(dir) (Keras 3's ExportArchive, serving_default signature), plus inputs and Keras' predictions,
as runtime-tf test resources (read by KerasSavedModelTest). Run from the repository root:
  TF_CPP_MIN_LOG_LEVEL=2 python3 tools/keras-crosscheck/export_keras_savedmodel.py
"""
import json
import os
import shutil

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np
import keras
import tensorflow as tf

OUT = os.path.join("runtime-tf", "src", "test", "resources", "keras-savedmodel")



def export(model, name, x):
    """Exports `model` to OUT/name, with inputs, Keras' predictions and the signature's names beside it."""
    model_dir = os.path.join(OUT, name)
    model.export(model_dir, verbose=False)
    pred = model.predict(x, verbose=0)
    sig = tf.saved_model.load(model_dir).signatures["serving_default"]
    out_names = sorted(sig.structured_outputs)
    if not isinstance(pred, dict):  # list outputs: the signature says output_0, output_1, ...
        pred = {"output_%d" % i: p for i, p in enumerate(pred if isinstance(pred, list) else [pred])}
    arrays = {"input/" + k: v for k, v in x.items()}
    arrays.update({"output/" + k: np.asarray(v, np.float32) for k, v in pred.items()})
    np.savez(os.path.join(OUT, name + ".npz"), **arrays)
    return {
        "inputs": {k: v.shape.as_list() for k, v in sig.structured_input_signature[1].items()},
        "outputs": {k: sig.structured_outputs[k].shape.as_list() for k in out_names},
    }


def two_by_two(as_dict):
    keras.utils.set_random_seed(7)
    a = keras.Input(shape=(4,), name="features")
    b = keras.Input(shape=(3,), name="extra")
    h = keras.layers.Dense(5, activation="tanh", name="hidden")(keras.layers.Concatenate(name="join")([a, b]))
    score = keras.layers.Dense(1, activation="sigmoid", name="score")(h)
    klass = keras.layers.Dense(3, activation="softmax", name="klass")(h)
    if as_dict:
        return keras.Model({"features": a, "extra": b}, {"score": score, "klass": klass}, name="two_by_two")
    return keras.Model([a, b], [score, klass], name="two_by_two_lists")


shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
rng = np.random.default_rng(3)
x = {"features": rng.normal(size=(5, 4)).astype(np.float32), "extra": rng.normal(size=(5, 3)).astype(np.float32)}
info = {
    "keras": keras.__version__,
    "tensorflow": tf.__version__,
    "dict_model": export(two_by_two(True), "dict_model", x),
    "list_model": export(two_by_two(False), "list_model", x),
}
with open(os.path.join(OUT, "signatures.json"), "w") as f:
    json.dump(info, f, indent=1, sort_keys=True)
    f.write("\n")
print(json.dumps(info, indent=1, sort_keys=True))
