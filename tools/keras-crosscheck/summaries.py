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
    x = layers.Embedding(50, 8)(tokens)
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


def reshaping():
    seq = keras.Input(shape=(8, 6), name="seq")
    x = layers.TimeDistributed(layers.Dense(4))(seq)
    x = layers.Permute((2, 1))(x)
    x = layers.Cropping1D((1, 1))(x)
    x = layers.AveragePooling1D(2)(x)
    x = layers.GlobalMaxPooling1D()(x)
    x = layers.RepeatVector(3)(x)
    x = layers.Reshape((4, 6, 1))(x)
    x = layers.UpSampling2D(2)(x)
    x = layers.Cropping2D(((1, 0), (0, 1)))(x)
    x = layers.SpatialDropout2D(0.1)(x)
    x = layers.Conv2D(3, 2, dilation_rate=2, use_bias=False)(x)
    x = layers.Flatten()(x)
    x = layers.LeakyReLU()(x)
    x = layers.ELU()(x)
    x = layers.ReLU(max_value=6.0)(x)
    x = layers.GaussianNoise(0.1)(x)
    x = layers.Dropout(0.2)(x)
    x = layers.Rescaling(0.5)(x)
    return keras.Model(seq, layers.Softmax()(x), name="reshaping")


def merging():
    a = keras.Input(shape=(6,), name="a")
    b = keras.Input(shape=(6,), name="b")
    c = keras.Input(shape=(2, 2, 2, 1), name="c")
    s = layers.Subtract()([a, b])
    m = layers.Multiply()([a, b])
    av = layers.Average()([s, m])
    mx = layers.Maximum()([s, m])
    mn = layers.Minimum()([av, mx])
    d = layers.Dot(axes=1)([mn, a])
    v = layers.Flatten()(layers.Conv3D(2, 2)(c))
    x = layers.Concatenate()([d, v, layers.Activation("tanh")(mn)])
    x = layers.Dense(4, activation="relu")(layers.GaussianDropout(0.1)(x))
    return keras.Model([a, b, c], layers.Dense(1, name="out")(x), name="merging")


MODELS = {
    "functional_cnn": functional_cnn,
    "sequential_cnn": sequential_cnn,
    "multimodal": multimodal,
    "recurrent": recurrent,
    "attention": attention,
    "convolutions": convolutions,
    "reshaping": reshaping,
    "merging": merging,
}


def shared_layer():
    a = keras.Input(shape=(16,))
    b = keras.Input(shape=(16,))
    shared = layers.Dense(8)
    merged = layers.Concatenate()([shared(a), shared(b)])
    return keras.Model([a, b], layers.Dense(1)(merged))


def nested_model():
    inp = keras.Input(shape=(32,))
    encoder = keras.Model(inp, layers.Dense(16, name="code")(inp), name="encoder")
    x = keras.Input(shape=(32,))
    return keras.Model(x, layers.Dense(4)(encoder(x)))


def nested_expanded_trainable():
    model = nested_model()
    model.get_layer("encoder").trainable = False
    return model


# SummaryPrinterTest's golden files, Keras' own output (the hand-derived files they replace were identical).
GOLDEN = os.path.join("frontend", "src", "test", "resources", "golden")
GOLDENS = {
    "functional_cnn": (functional_cnn, {}),
    "sequential_cnn": (sequential_cnn, {}),
    "sequential_unbuilt": (lambda: keras.Sequential([layers.Dense(4), layers.Dense(2)]), {}),
    "multimodal": (multimodal, {}),
    "multimodal_range": (multimodal, {"layer_range": ["conv2d_1", "flatten"]}),
    "shared_layer": (shared_layer, {}),
    "nested_model": (nested_model, {}),
    "nested_expanded_trainable": (nested_expanded_trainable, {"expand_nested": True, "show_trainable": True}),
}


def summary_text(model, **options):
    lines = []
    model.summary(print_fn=lambda s, line_break=None: lines.append(s), **options)
    return "\n".join(lines).rstrip("\n") + "\n"

if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for name, build in MODELS.items():
        keras.backend.clear_session()
        model = build()
        with open(os.path.join(OUT, name + ".summary.txt"), "w") as f:
            f.write(summary_text(model))
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            f.write(json.dumps(json.loads(model.to_json()), indent=1, sort_keys=True) + "\n")
        print(name, model.count_params())
    for name, (build, options) in GOLDENS.items():
        keras.backend.clear_session()
        with open(os.path.join(GOLDEN, name + ".txt"), "w") as f:
            f.write(summary_text(build(), **options))
