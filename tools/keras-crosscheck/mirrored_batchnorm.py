"""What Keras 3 + TensorFlow's MirroredStrategy does with BatchNormalization on two logical CPU devices: each
replica normalizes its slice with its own statistics, and the moving statistics show the first replica's update.
MirroredStrategyTest.batchNormalizationKeepsPerReplicaStatisticsAndTheFirstReplicasMovingMean checks jkeras
against the numbers this prints (Keras 3.15.1, TensorFlow 2.21: moving mean [0. 0. 0.]; one device: [5. 5. 5.]).
Run from the repository root:
  TF_CPP_MIN_LOG_LEVEL=2 python3 tools/keras-crosscheck/mirrored_batchnorm.py
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np
import tensorflow as tf

cpus = tf.config.list_physical_devices("CPU")
tf.config.set_logical_device_configuration(cpus[0], [tf.config.LogicalDeviceConfiguration()] * 2)
import keras  # noqa: E402  (after the logical devices are set)

x = np.concatenate([np.zeros((4, 3)), np.ones((4, 3)) * 10]).astype("float32")
y = np.zeros((8, 1), "float32")


def moving_mean(strategy):
    with strategy.scope():
        inp = keras.Input((3,))
        bn = keras.layers.BatchNormalization(momentum=0.0)
        m = keras.Model(inp, keras.layers.Dense(1)(bn(inp)))
        m.compile("sgd", "mse")
    m.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    return bn.moving_mean.numpy()


print("mirrored over /cpu:0, /cpu:1: moving mean", moving_mean(tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])))
print("one device: moving mean", moving_mean(tf.distribute.get_strategy()))
