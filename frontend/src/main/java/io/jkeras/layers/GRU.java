package io.jkeras.layers;

import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Gated Recurrent Unit (Keras' {@code GRU(units, activation="tanh", recurrent_activation="sigmoid",
 * use_bias=True, kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
 * bias_initializer="zeros", reset_after=True, return_sequences=False, return_state=False, go_backwards=False)}).
 * Gates in Keras' order z (update), r (reset), h (candidate) along the last axis of {@code kernel (input, 3 *
 * units)} and {@code recurrent_kernel (units, 3 * units)}. With {@code reset_after} (the default, cuDNN's
 * variant) {@code bias} has shape {@code (2, 3 * units)}: an input row and a recurrent row.
 *
 * <pre>
 * x_z, x_r, x_h = split(x_t · kernel + b_in, 3);   r_z, r_r, r_h = split(h_{t-1} · recurrent_kernel + b_rec, 3)
 * z = sigmoid(x_z + r_z);  r = sigmoid(x_r + r_r);  hh = tanh(x_h + r * r_h)      (reset_after=True)
 * hh = tanh(x_h + (r * h_{t-1}) · recurrent_kernel_h)                              (reset_after=False)
 * h_t = z * h_{t-1} + (1 - z) * hh
 * </pre>
 *
 * Parameters: {@code 3 * (units * (input + units) + 2 * units)} ({@code + units} without {@code reset_after}).
 * Arguments, masking and initial states: see {@link RNN}.
 *
 * <pre>{@code
 * var y = new GRU(32).apply(Input.of(10, 8));   // (None, 32), 4,032 params
 * }</pre>
 */
public final class GRU extends RNN<GRU> {
  private boolean resetAfter = true;

  /** @param units dimensionality of the output space, &gt; 0 */
  public GRU(int units) {
    super(units);
  }

  /** Rebuilds the layer from Keras' config. */
  public static GRU fromConfig(Map<String, ?> config) {
    GRU l = new GRU(LayerConfigs.intArg(config, "units", "GRU"));
    l.applyRnnConfig(config);
    LayerConfigs.ifPresent(config, "reset_after", v -> l.resetAfter((Boolean) v));
    return l;
  }

  /** Whether the reset gate applies after the recurrent matrix product; {@code true} by default, as Keras 3. */
  public GRU resetAfter(boolean resetAfter) {
    checkConfigurable("reset_after");
    this.resetAfter = resetAfter;
    return this;
  }

  public boolean resetAfter() {
    return resetAfter;
  }

  @Override
  public int gates() {
    return 3;
  }

  @Override
  protected Shape biasShape() {
    return resetAfter ? Shape.of(2, 3L * units()) : super.biasShape();
  }

  @Override
  protected void putCellConfig(Map<String, Object> config) {
    config.put("reset_after", resetAfter);
  }
}
