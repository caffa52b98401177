"""Keras 3.15.1 outputs of the layers jkeras writes in ops (issue 13), for runtime-tf OpsLayersKerasTest.

Writes runtime-tf/src/test/resources/ops-layers/ops_layers.npz: for each case NAME, NAME/x (the input),
NAME/w<i> (the layer's weights in Keras order) and NAME/y (Keras' output, inference mode).
Run from the repository root: TF_CPP_MIN_LOG_LEVEL=2 python3 tools/keras-crosscheck/make_ops_layers.py
"""
import numpy as np
import keras

rng = np.random.default_rng(13)
out = {}


def case(name, layer, shape):
    x = rng.normal(size=shape).astype("float32")
    layer.build(x.shape)
    weights = [rng.normal(size=w.shape).astype("float32") for w in layer.get_weights()]
    if weights:
        layer.set_weights(weights)
    y = np.asarray(layer(x, training=False))
    out[name + "/x"] = x
    for i, w in enumerate(weights):
        out[name + "/w%d" % i] = w
    out[name + "/y"] = y.astype("float32")


case("group_normalization", keras.layers.GroupNormalization(groups=2, epsilon=1e-3), (3, 5, 6))
case("group_normalization_4d", keras.layers.GroupNormalization(groups=4), (2, 3, 3, 8))
case("up_sampling1d", keras.layers.UpSampling1D(size=3), (2, 4, 3))
case("up_sampling3d", keras.layers.UpSampling3D(size=(1, 2, 3)), (2, 2, 2, 2, 2))
case("max_pooling3d", keras.layers.MaxPooling3D(pool_size=(2, 2, 2), strides=(1, 2, 2), padding="same"),
     (2, 4, 4, 4, 2))
case("average_pooling3d", keras.layers.AveragePooling3D(pool_size=2), (2, 4, 4, 4, 2))
case("average_pooling3d_same", keras.layers.AveragePooling3D(pool_size=3, strides=2, padding="same"),
     (2, 5, 5, 5, 1))
case("global_average_pooling3d", keras.layers.GlobalAveragePooling3D(), (2, 3, 3, 3, 4))
case("global_max_pooling3d", keras.layers.GlobalMaxPooling3D(keepdims=True), (2, 3, 3, 3, 4))
np.savez("runtime-tf/src/test/resources/ops-layers/ops_layers.npz", **out)
print("wrote", len(out), "arrays, keras", keras.__version__)
