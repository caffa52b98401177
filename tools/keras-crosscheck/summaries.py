"""Builds in Keras 3 the seed programs of DEVELOPERS.md (samples' SeedPrograms) and models exercising many layers,
and writes each model's `model.summary()` text (default line_length) and `model.to_json()` under
frontend/src/test/resources/keras/ (checked by frontend's KerasCrossCheckTest, which builds the same models in
jkeras). Run from the repository root:
  TF_CPP_MIN_LOG_LEVEL=2 python3 tools/keras-crosscheck/summaries.py
"""
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import keras
from keras import layers

OUT = os.path.join("frontend", "src", "test", "resources", "keras")


def functional_cnn():
    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(32, (3, 3), activation="relu")(inputs)
    x = layers.MaxPooling2D((2, 2))(x)
    x = layers.Conv2D(64, (3, 3), activation="relu")(x)
    x = layers.MaxPooling2D((2, 2))(x)
    x = layers.Flatten()(x)
    x = layers.Dense(64, activation="relu")(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def sequential_cnn():
    return keras.Sequential([
        layers.Conv2D(32, (3, 3), activation="relu", input_shape=(28, 28, 1)),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(64, (3, 3), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])


def multimodal():
    image = keras.Input(shape=(64, 64, 3), name="image")
    metadata = keras.Input(shape=(10,), name="metadata")
    audio = keras.Input(shape=(100,), name="audio")
    video = keras.Input(shape=(128, 128, 3), name="video")
    x = layers.Conv2D(32, (3, 3), activation="relu")(image)
    x = layers.MaxPooling2D((2, 2))(x)
    x = layers.Conv2D(64, (3, 3), activation="relu")(x)
    x = layers.MaxPooling2D((2, 2))(x)
    x = layers.Flatten()(x)
    v = layers.Flatten()(video)
    merged = layers.Concatenate()([x, metadata, audio, v])
    h = layers.Dense(128, activation="relu")(merged)
    cls = layers.Dense(10, activation="softmax", name="classification_output")(h)
    reg = layers.Dense(1, name="regression_output")(h)
    return keras.Model(
        inputs={"image": image, "metadata": metadata, "audio": audio, "video": video},
        outputs={"classification_output": cls, "regression_output": reg})


def recurrent():
    tokens = keras.Input(shape=(12,), dtype="int32", name="tokens")
    x = layers.Embedding(50, 8, mask_zero=True)(tokens)
    x = layers.Bidirectional(layers.LSTM(6, return_sequences=True))(x)
    x = layers.GRU(5, return_sequences=True)(x)
    x = layers.SimpleRNN(4)(x)
    return keras.Model(tokens, layers.Dense(3, activation="softmax")(x), name="recurrent")


def attention():
    seq = keras.Input(shape=(10, 16), name="seq")
    a = layers.MultiHeadAttention(num_heads=2, key_dim=8)(seq, seq)
    x = layers.LayerNormalization()(layers.Add()([seq, a]))
    x = layers.Conv1D(8, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling1D(2)(x)
    x = layers.GlobalAveragePooling1D()(x)
    return keras.Model(seq, layers.Dense(2)(x), name="attention")


def convolutions():
    img = keras.Input(shape=(16, 16, 3), name="img")
    x = layers.Conv2DTranspose(4, 3, strides=2)(img)
    x = layers.DepthwiseConv2D(3, depth_multiplier=2)(x)
    x = layers.SeparableConv2D(8, 3, padding="same")(x)
    x = layers.PReLU()(x)
    x = layers.BatchNormalization()(x)
    x = layers.ZeroPadding2D(1)(x)
    x = layers.AveragePooling2D(2)(x)
    x = layers.GlobalMaxPooling2D()(x)
    return keras.Model(img, layers.Dense(5)(x), name="convolutions")


MODELS = {
    "functional_cnn": functional_cnn,
    "sequential_cnn": sequential_cnn,
    "multimodal": multimodal,
    "recurrent": recurrent,
    "attention": attention,
    "convolutions": convolutions,
}

if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for name, build in MODELS.items():
        keras.backend.clear_session()
        model = build()
        lines = []
        model.summary(print_fn=lambda s, line_break=None: lines.append(s))
        with open(os.path.join(OUT, name + ".summary.txt"), "w") as f:
            f.write("\n".join(lines) + "\n")
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            f.write(json.dumps(json.loads(model.to_json()), indent=1, sort_keys=True) + "\n")
        print(name, model.count_params())
