"""The README's side-by-side program in Keras 3 (Python), on the repository's MNIST files.

Trains the seed CNN as the Java side does (adam, sparse_categorical_crossentropy, accuracy, 3 epochs, batch 64,
validation_split 0.1), evaluates on the 10,000 test images and prints a RESULT line to compare with
`./jkeras mnist`. keras.datasets.mnist.load_data() would download; this reads data/mnist/ instead (same files).

    TF_CPP_MIN_LOG_LEVEL=2 python3 tools/keras-crosscheck/train_seed_cnn.py [--epochs 3] [--seed 1]
"""
import argparse
import gzip
import pathlib
import time

import numpy as np
import keras
from keras import layers


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", default="data/mnist")
    args = parser.parse_args()
    keras.utils.set_random_seed(args.seed)
    d = pathlib.Path(args.data)
    x_train = idx(d / "train-images-idx3-ubyte.gz")[..., None] / 255.0
    y_train = idx(d / "train-labels-idx1-ubyte.gz")
    x_test = idx(d / "t10k-images-idx3-ubyte.gz")[..., None] / 255.0
    y_test = idx(d / "t10k-labels-idx1-ubyte.gz")

    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(32, (3, 3), activation="relu")(inputs)
    x = layers.MaxPooling2D((2, 2))(x)
    x = layers.Conv2D(64, (3, 3), activation="relu")(x)
    x = layers.MaxPooling2D((2, 2))(x)
    x = layers.Flatten()(x)
    x = layers.Dense(64, activation="relu")(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

    start = time.time()
    model.fit(x_train, y_train, epochs=args.epochs, batch_size=64, validation_split=0.1, verbose=2)
    seconds = time.time() - start
    scores = model.evaluate(x_test, y_test, return_dict=True, verbose=0)
    print(f"RESULT task=keras-mnist-cnn epochs={args.epochs} seed={args.seed} keras={keras.__version__} "
          f"test_accuracy={scores['accuracy']:.4f} test_loss={scores['loss']:.4f} train_seconds={seconds:.1f}")


if __name__ == "__main__":
    main()
