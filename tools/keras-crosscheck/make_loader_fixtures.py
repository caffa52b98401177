"""Keras 3.15.1's file order, split and timeseries windows, for frontend DatasetLoadersTest (issue 16).

Writes frontend/src/test/resources/data/loaders.json: the NumPy RandomState shuffles Keras' loaders use, the file
order and training/validation split of image_dataset_from_directory's index for a seed (file names only: the
index never opens the files), and the batches of timeseries_dataset_from_array. Run from the repository root:
TF_CPP_MIN_LOG_LEVEL=2 python3 tools/keras-crosscheck/make_loader_fixtures.py
"""
import json
import os
import tempfile

import numpy as np
import keras
from keras.src.utils import dataset_utils

out = {}
perm = list(range(50))
np.random.RandomState(1337).shuffle(perm)
out["random_state_1337_50"] = perm
perm = list(range(7))
np.random.RandomState(0).shuffle(perm)
out["random_state_0_7"] = perm

# A class tree with nested folders, mixed-case extensions and files Keras ignores
layout = {
    "cats": ["c1.png", "c10.png", "c2.PNG", "sub/c3.jpg", "notes.txt"],
    "dogs": ["d1.jpeg", "d2.bmp", "deep/er/d3.gif", "d0.png"],
    "ants": ["a.png"],
}
out["layout"] = layout
with tempfile.TemporaryDirectory() as d:
    for cls, files in layout.items():
        for f in files:
            p = os.path.join(d, cls, f)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            open(p, "wb").close()
    os.makedirs(os.path.join(d, ".hidden"))
    formats = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
    paths, labels, classes = dataset_utils.index_directory(d, "inferred", formats=formats, shuffle=False,
                                                           verbose=False)
    out["unshuffled"] = {"files": [os.path.relpath(p, d) for p in paths], "labels": labels.tolist(),
                         "class_names": classes}
    paths, labels, classes = dataset_utils.index_directory(d, "inferred", formats=formats, shuffle=True, seed=1337,
                                                           verbose=False)
    out["shuffled_1337"] = {"files": [os.path.relpath(p, d) for p in paths], "labels": labels.tolist()}
    train, tl = dataset_utils.get_training_or_validation_split(paths, labels, 0.3, "training")
    val, vl = dataset_utils.get_training_or_validation_split(paths, labels, 0.3, "validation")
    out["split_1337_0.3"] = {"training": [os.path.relpath(p, d) for p in train],
                             "validation": [os.path.relpath(p, d) for p in val]}

data = np.arange(40, dtype="float32").reshape(20, 2)
targets = np.arange(20) * 10
ds = keras.utils.timeseries_dataset_from_array(data, targets, sequence_length=4, sequence_stride=2, sampling_rate=2,
                                               batch_size=3, start_index=1, end_index=18)
out["timeseries"] = [{"x": np.asarray(x).tolist(), "y": np.asarray(y).tolist()} for x, y in ds]

path = "frontend/src/test/resources/data/loaders.json"
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", path, "keras", keras.__version__)
