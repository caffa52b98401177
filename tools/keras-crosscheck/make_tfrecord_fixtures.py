"""A small TFRecord file of tf.train.Example records written by TensorFlow, for runtime-tf TfRecordDatasetTest.

Writes runtime-tf/src/test/resources/tfrecord/examples.tfrecord (3 records: a float list, an int64 list, a
bytes feature, a string label) and examples.json (what tf.io.parse_single_example reads from each).
Run from the repository root: TF_CPP_MIN_LOG_LEVEL=2 python3 tools/keras-crosscheck/make_tfrecord_fixtures.py
"""
import json
import os

import tensorflow as tf

out_dir = "runtime-tf/src/test/resources/tfrecord"
os.makedirs(out_dir, exist_ok=True)
records = [
    {"pixels": [0.5, 1.5, -2.0], "ids": [3, 1, 4], "label": "cat", "raw": b"\x00\xffab"},
    {"pixels": [1.0, 0.0, 0.25], "ids": [1, 5, 9], "label": "dog", "raw": b""},
    {"pixels": [-1.0, 2.0, 3.5], "ids": [2, 6, 5], "label": "caf\u00e9", "raw": b"xyz"},
]
with tf.io.TFRecordWriter(os.path.join(out_dir, "examples.tfrecord")) as w:
    for r in records:
        ex = tf.train.Example(features=tf.train.Features(feature={
            "pixels": tf.train.Feature(float_list=tf.train.FloatList(value=r["pixels"])),
            "ids": tf.train.Feature(int64_list=tf.train.Int64List(value=r["ids"])),
            "label": tf.train.Feature(bytes_list=tf.train.BytesList(value=[r["label"].encode("utf-8")])),
            "raw": tf.train.Feature(bytes_list=tf.train.BytesList(value=[r["raw"]])),
        }))
        w.write(ex.SerializeToString())
spec = {"pixels": tf.io.FixedLenFeature([3], tf.float32), "ids": tf.io.FixedLenFeature([3], tf.int64),
        "label": tf.io.FixedLenFeature([], tf.string)}
parsed = []
for raw in tf.data.TFRecordDataset(os.path.join(out_dir, "examples.tfrecord")):
    p = tf.io.parse_single_example(raw, spec)
    parsed.append({"pixels": p["pixels"].numpy().tolist(), "ids": p["ids"].numpy().tolist(),
                   "label": p["label"].numpy().decode("utf-8")})
with open(os.path.join(out_dir, "examples.json"), "w") as f:
    json.dump({"tensorflow": tf.__version__, "records": parsed}, f, indent=1)
print("wrote", len(parsed), "records")
