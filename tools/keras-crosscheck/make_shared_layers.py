"""Keras 3.15.1 reference for layers shared between models (runtime-tf SharedLayersTest).

Two compiled models share Dense layers: `whole` = decoder(encoder(x)) and `decoder`. Training steps alternate
between them (train_on_batch, SGD); in Keras each layer's variables are single objects, so each model's step sees
the other's updates. Writes the initial weights, the batches, every step's loss, the final weights and the
decoder's and the encoder's predictions to runtime-tf/src/test/resources/shared-layers/alternating.json.

Run: TF_CPP_MIN_LOG_LEVEL=2 python3 tools/keras-crosscheck/make_shared_layers.py
"""
import json
import os

import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(7)
enc_in = keras.Input(shape=(5,), name="x")
h = layers.Dense(4, activation="tanh", name="enc_hidden")(enc_in)
z = layers.Dense(2, name="enc_z")(h)
encoder = keras.Model(enc_in, z, name="encoder")
dec_in = keras.Input(shape=(2,), name="z")
d = layers.Dense(4, activation="relu", name="dec_hidden")(dec_in)
out = layers.Dense(3, name="dec_out")(d)
decoder = keras.Model(dec_in, out, name="decoder")
whole_in = keras.Input(shape=(5,), name="x_whole")
whole = keras.Model(whole_in, decoder(encoder(whole_in)), name="whole")

weights = {}
for layer in [encoder.get_layer("enc_hidden"), encoder.get_layer("enc_z"),
              decoder.get_layer("dec_hidden"), decoder.get_layer("dec_out")]:
    for v in layer.weights:
        value = rng.normal(0, 0.5, size=tuple(v.shape)).astype("float32")
        v.assign(value)
        weights[layer.name + "/" + v.name] = value.ravel().tolist()

whole.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
decoder.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")

steps = []
for i in range(4):
    xw = rng.normal(size=(6, 5)).astype("float32")
    yw = rng.normal(size=(6, 3)).astype("float32")
    lw = float(whole.train_on_batch(xw, yw))
    xd = rng.normal(size=(6, 2)).astype("float32")
    yd = rng.normal(size=(6, 3)).astype("float32")
    ld = float(decoder.train_on_batch(xd, yd))
    steps.append({"whole_x": xw.ravel().tolist(), "whole_y": yw.ravel().tolist(), "whole_loss": lw,
                  "decoder_x": xd.ravel().tolist(), "decoder_y": yd.ravel().tolist(), "decoder_loss": ld})

probe_z = rng.normal(size=(3, 2)).astype("float32")
probe_x = rng.normal(size=(3, 5)).astype("float32")
final = {}
for layer in [encoder.get_layer("enc_hidden"), encoder.get_layer("enc_z"),
              decoder.get_layer("dec_hidden"), decoder.get_layer("dec_out")]:
    for v in layer.weights:
        final[layer.name + "/" + v.name] = np.asarray(v.numpy()).ravel().tolist()

fixture = {
    "keras_version": keras.__version__,
    "initial_weights": weights,
    "steps": steps,
    "final_weights": final,
    "probe_z": probe_z.ravel().tolist(),
    "decoder_prediction": decoder.predict(probe_z, verbose=0).ravel().tolist(),
    "probe_x": probe_x.ravel().tolist(),
    "encoder_prediction": encoder.predict(probe_x, verbose=0).ravel().tolist(),
}
out_dir = os.path.join("runtime-tf", "src", "test", "resources", "shared-layers")
os.makedirs(out_dir, exist_ok=True)
with open(os.path.join(out_dir, "alternating.json"), "w") as f:
    json.dump(fixture, f)
print("wrote", os.path.join(out_dir, "alternating.json"), [round(s["whole_loss"], 5) for s in steps])
