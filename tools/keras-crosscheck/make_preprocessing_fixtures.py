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

# ---------------------------------------------------------------- categorical and text layers
def lookup_case(name, layer, x, adapt=None):
    if adapt is not None:
        layer.adapt(adapt)
    y = keras.ops.convert_to_numpy(layer(x))
    entry = {"x": plain(np.asarray(x)), "y": plain(y), "dtype": str(y.dtype), "config": plain(layer.get_config()),
             "training": False}
    if adapt is not None:
        entry["adapt"] = plain(np.asarray(adapt))
    if hasattr(layer, "get_vocabulary"):
        entry["vocabulary"] = plain(layer.get_vocabulary())
    if isinstance(layer, keras.layers.Discretization):
        entry["bin_boundaries"] = plain(layer.bin_boundaries)
    out[name] = entry


ids = np.array([[0, 1], [3, 3], [2, 0]])
lookup_case("category_encoding_one_hot", keras.layers.CategoryEncoding(4, output_mode="one_hot"),
            np.array([[3], [0], [2], [5]]))
lookup_case("category_encoding_multi_hot", keras.layers.CategoryEncoding(4), ids)
lookup_case("category_encoding_count", keras.layers.CategoryEncoding(5, output_mode="count"),
            np.array([[0, 1, 1], [4, 4, 4], [2, 0, 9]]))
floats = rng.normal(size=(4, 3)).astype("float32") * 2
lookup_case("discretization_int", keras.layers.Discretization(bin_boundaries=[-1.0, 0.0, 1.5]), floats)
lookup_case("discretization_one_hot", keras.layers.Discretization(bin_boundaries=[0.0, 1.0], output_mode="one_hot"),
            np.array([[-0.5], [0.5], [1.0], [3.0]], dtype="float32"))
lookup_case("discretization_count", keras.layers.Discretization(bin_boundaries=[0.0, 1.0], output_mode="count"),
            floats)
lookup_case("discretization_adapt", keras.layers.Discretization(num_bins=4), floats,
            adapt=rng.normal(size=(500,)).astype("float32"))
lookup_case("discretization_adapt_small", keras.layers.Discretization(num_bins=3), np.array([[2.5], [13.0]],
            dtype="float32"), adapt=np.arange(20.0, dtype="float32"))
lookup_case("discretization_adapt_eps", keras.layers.Discretization(num_bins=5, epsilon=0.05), floats,
            adapt=rng.uniform(size=(3, 70)).astype("float32"))
words = np.array([["cat", "dog"], ["fish", "cat"], ["", "bird"]])
lookup_case("hashing_int", keras.layers.Hashing(8), np.array([[1, 12], [-3, 1138], [0, 42]], dtype="int64"))
lookup_case("hashing_string", keras.layers.Hashing(5), words)
lookup_case("hashing_salt", keras.layers.Hashing(7, salt=[133, 137]), words)
lookup_case("hashing_mask", keras.layers.Hashing(5, mask_value=""), words)
lookup_case("hashing_multi_hot", keras.layers.Hashing(6, output_mode="multi_hot"),
            np.array([[1, 2], [3, 3], [40, 7]], dtype="int64"))
lookup_case("hashing_float", keras.layers.Hashing(9), np.array([[1.7, -2.2]], dtype="float32"))
lookup_case("integer_lookup", keras.layers.IntegerLookup(vocabulary=[12, 36, 1138, 42]),
            np.array([[12, 1138], [42, 7], [36, -1]], dtype="int64"))
lookup_case("integer_lookup_adapt", keras.layers.IntegerLookup(max_tokens=5),
            np.array([[3, 9], [7, 1]], dtype="int64"), adapt=np.array([[3, 3, 7], [9, 9, 9], [1, 7, 2]], dtype="int64"))
lookup_case("integer_lookup_mask", keras.layers.IntegerLookup(vocabulary=[5, 6], mask_token=0),
            np.array([[5, 0], [6, 8]], dtype="int64"))
lookup_case("integer_lookup_oov2", keras.layers.IntegerLookup(vocabulary=[5, 6], num_oov_indices=2),
            np.array([[5, 11], [6, 8], [-3, 7]], dtype="int64"))
lookup_case("integer_lookup_multi_hot", keras.layers.IntegerLookup(vocabulary=[5, 6, 7], output_mode="multi_hot"),
            np.array([[5, 7], [9, 9]], dtype="int64"))
lookup_case("string_lookup", keras.layers.StringLookup(vocabulary=["a", "b", "c", "d"]),
            np.array([["a", "c"], ["d", "z"], ["b", ""]]))
lookup_case("string_lookup_adapt", keras.layers.StringLookup(max_tokens=4), np.array([["x"], ["y"], ["w"]]),
            adapt=np.array([["x", "y", "x"], ["z", "z", "w"], ["x", "é", "z"]]))
lookup_case("string_lookup_one_hot", keras.layers.StringLookup(vocabulary=["a", "b"], output_mode="one_hot"),
            np.array([["a"], ["b"], ["q"]]))
lookup_case("string_lookup_count", keras.layers.StringLookup(vocabulary=["a", "b"], output_mode="count"),
            np.array([["a", "a", "b"], ["q", "b", "b"]]))
lookup_case("string_lookup_tf_idf", keras.layers.StringLookup(output_mode="tf_idf"),
            np.array([["a", "a", "b"], ["q", "c", "b"]]), adapt=np.array([["a", "b", "a"], ["c", "a", "d"], ["b", "b", "a"]]))
lookup_case("string_lookup_oov2", keras.layers.StringLookup(vocabulary=["a", "b"], num_oov_indices=3),
            np.array([["a", "zz"], ["yy", "b"], ["xx", "ww"]]))
lookup_case("string_lookup_mask", keras.layers.StringLookup(vocabulary=["a", "b"], mask_token=""),
            np.array([["a", ""], ["", "c"]]))
corpus = np.array(["The cat sat on the mat.", "The dog ate my homework!", "Cats and dogs: friends?",
                   "A dog, a cat; THE END", "naïve café déjà vu — ÉTÉ", "tabs\tand\nnewlines  here"])
texts = np.array([["the cat and the dog"], ["an unknown word here"], ["Café, ÉTÉ!"], [""]])
lookup_case("text_int", keras.layers.TextVectorization(max_tokens=20, output_sequence_length=6), texts, adapt=corpus)
lookup_case("text_int_ragged_pad", keras.layers.TextVectorization(), texts, adapt=corpus)
lookup_case("text_bigrams", keras.layers.TextVectorization(ngrams=2, output_mode="multi_hot"), texts, adapt=corpus)
lookup_case("text_count", keras.layers.TextVectorization(output_mode="count", standardize="lower"), texts,
            adapt=corpus)
lookup_case("text_tf_idf", keras.layers.TextVectorization(output_mode="tf_idf", max_tokens=12), texts, adapt=corpus)
lookup_case("text_character", keras.layers.TextVectorization(split="character", output_sequence_length=8,
            standardize=None), texts, adapt=corpus)
lookup_case("text_no_split", keras.layers.TextVectorization(split=None, standardize=None,
            vocabulary=["the cat and the dog", "x"]), texts)
lookup_case("text_vocabulary", keras.layers.TextVectorization(vocabulary=["cat", "dog", "the"],
            output_sequence_length=4), texts)

path = "runtime-tf/src/test/resources/preprocessing/preprocessing.json"
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as f:
    json.dump({"keras": keras.__version__, "cases": out}, f, separators=(",", ":"))
print("wrote", len(out), "cases, keras", keras.__version__)
