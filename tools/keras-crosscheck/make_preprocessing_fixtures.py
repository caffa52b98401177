"""Keras 3.15.1 outputs and configs of the preprocessing layers (issue 16), for runtime-tf PreprocessingKerasTest.

Writes runtime-tf/src/test/resources/preprocessing/preprocessing.json: for each case NAME, {"x": input,
"y": Keras' output, "config": layer.get_config(), "training": bool}. Random layers are given ranges of width 0
(factor=(a, a)), so that their training output is deterministic and comparable; their random draws themselves
cannot be compared with Keras' (see docs). Run from the repository root:
TF_CPP_MIN_LOG_LEVEL=2 python3 tools/keras-crosscheck/make_preprocessing_fixtures.py
"""
import json
import os

import numpy as np
import keras

rng = np.random.default_rng(16)
out = {}


def plain(v):
    if isinstance(v, np.ndarray):
        if v.dtype.kind in "SO":
            return [plain(e) for e in v.tolist()]
        return v.tolist()
    if isinstance(v, bytes):
        return v.decode("utf-8")
    if isinstance(v, (list, tuple)):
        return [plain(e) for e in v]
    if isinstance(v, dict):
        return {k: plain(e) for k, e in v.items()}
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    return v


def case(name, layer, x, training=False, **call_kwargs):
    # Keras' image layers default to training=True when called directly: pass the flag always
    y = layer(x, training=training, **call_kwargs)
    y = keras.ops.convert_to_numpy(y)
    config = layer.get_config()
    out[name] = {"x": plain(np.asarray(x)), "y": plain(y.astype("float32") if y.dtype.kind == "f" else y),
                 "config": plain(config), "training": training}


def images(*shape):
    return rng.uniform(size=shape).astype("float32")


# ---------------------------------------------------------------- image layers
case("resizing_bilinear", keras.layers.Resizing(5, 7), images(2, 8, 6, 3))
case("resizing_nearest", keras.layers.Resizing(5, 4, interpolation="nearest"), images(2, 8, 6, 3))
case("resizing_crop", keras.layers.Resizing(4, 4, crop_to_aspect_ratio=True), images(2, 8, 6, 3))
case("resizing_pad", keras.layers.Resizing(4, 8, pad_to_aspect_ratio=True, fill_value=0.5), images(2, 6, 6, 2))
case("center_crop", keras.layers.CenterCrop(4, 3), images(2, 7, 6, 2))
case("center_crop_up", keras.layers.CenterCrop(8, 8), images(2, 5, 6, 1))
for mode in ("reflect", "constant", "wrap", "nearest"):
    case("rotation_" + mode, keras.layers.RandomRotation((0.1, 0.1), fill_mode=mode, fill_value=0.25),
         images(2, 6, 5, 2), training=True)
case("rotation_nearest_interpolation", keras.layers.RandomRotation((-0.2, -0.2), interpolation="nearest"),
     images(1, 6, 6, 1), training=True)
case("rotation_inference", keras.layers.RandomRotation(0.3), images(1, 4, 4, 1))
case("zoom", keras.layers.RandomZoom((0.2, 0.2), (-0.3, -0.3), fill_mode="constant", fill_value=0.5),
     images(2, 6, 7, 1), training=True)
case("zoom_keep_aspect", keras.layers.RandomZoom((-0.25, -0.25)), images(1, 6, 6, 2), training=True)
case("translation", keras.layers.RandomTranslation((0.25, 0.25), (-0.125, -0.125), interpolation="nearest"),
     images(2, 8, 8, 1), training=True)
case("contrast", keras.layers.RandomContrast([-0.5, 0.5], value_range=(0, 1)), images(2, 4, 5, 3), training=True)
case("brightness", keras.layers.RandomBrightness((0.1, 0.1), value_range=(0, 1)), images(2, 4, 5, 3),
     training=True)
case("brightness_inference", keras.layers.RandomBrightness(0.3), images(1, 3, 3, 1))
case("flip_config", keras.layers.RandomFlip("horizontal", seed=3), images(1, 2, 2, 1))

path = "runtime-tf/src/test/resources/preprocessing/preprocessing.json"
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as f:
    json.dump({"keras": keras.__version__, "cases": out}, f, separators=(",", ":"))
print("wrote", len(out), "cases, keras", keras.__version__)
