"""Loads the SavedModels that jkeras exported (samples' SeedExportForPythonTest writes them, with inputs and
jkeras' predictions, under samples/target/keras-crosscheck/) with Python TensorFlow's serving_default signature,
as TF Serving would, and prints the largest difference from jkeras' predictions. Run from the repository root:
  ./mvnw -q -o test -pl samples -am -Dtest=SeedExportForPythonTest -Dkeras.crosscheck=true -Dsurefire.failIfNoSpecifiedTests=false
  TF_CPP_MIN_LOG_LEVEL=2 python3 tools/keras-crosscheck/load_jkeras_savedmodel.py
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np
import tensorflow as tf

DIR = os.path.join("samples", "target", "keras-crosscheck")
worst = 0.0
for name in ("functional_cnn", "multimodal"):
    data = np.load(os.path.join(DIR, name + ".npz"))
    inputs = {k[len("input/"):]: data[k] for k in data.files if k.startswith("input/")}
    expected = {k[len("output/"):]: data[k] for k in data.files if k.startswith("output/")}
    fn = tf.saved_model.load(os.path.join(DIR, name)).signatures["serving_default"]
    got = fn(**{k: tf.constant(v) for k, v in inputs.items()})
    if sorted(got) != sorted(expected):
        sys.exit("%s: outputs %s, jkeras predicted %s" % (name, sorted(got), sorted(expected)))
    for k in sorted(expected):
        diff = float(np.max(np.abs(got[k].numpy() - expected[k])))
        worst = max(worst, diff)
        print("%s %s: shape %s, max abs diff %.3g" % (name, k, tuple(got[k].shape), diff))
print("worst max abs diff: %.3g" % worst)
sys.exit(0 if worst <= 1e-5 else 1)
