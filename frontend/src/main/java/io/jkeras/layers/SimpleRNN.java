package io.jkeras.layers;

import java.util.Map;

/**
 * Fully-connected RNN whose output is fed back as its state (Keras' {@code SimpleRNN(units, activation="tanh",
 * use_bias=True, kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
 * bias_initializer="zeros", return_sequences=False, return_state=False, go_backwards=False)}):
 * {@code h_t = activation(x_t · kernel + h_{t-1} · recurrent_kernel + bias)}. Parameters: {@code units * (input +
 * units) + units}. Arguments, masking and initial states: see {@link RNN}.
 *
 * <pre>{@code
 * var x = Input.of(10, 8);
 * var y = new SimpleRNN(4).apply(x);                          // (None, 4), 52 params
 * var seq = new SimpleRNN(4).returnSequences(true).apply(x);  // (None, 10, 4)
 * }</pre>
 */
public final class SimpleRNN extends RNN<SimpleRNN> {

  /** @param units dimensionality of the output space, &gt; 0 */
  public SimpleRNN(int units) {
    super(units);
  }

  /** Rebuilds the layer from Keras' config. */
  public static SimpleRNN fromConfig(Map<String, ?> config) {
    SimpleRNN l = new SimpleRNN(LayerConfigs.intArg(config, "units", "SimpleRNN"));
    l.applyRnnConfig(config);
    return l;
  }

  @Override
  public int gates() {
    return 1;
  }
}
