package io.jkeras.layers;

import io.jkeras.initializers.Initializer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.tensorflow.ndarray.Shape;

/**
 * Long Short-Term Memory layer (Keras' {@code LSTM(units, activation="tanh", recurrent_activation="sigmoid",
 * use_bias=True, kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
 * bias_initializer="zeros", unit_forget_bias=True, return_sequences=False, return_state=False,
 * go_backwards=False)}). Gates in Keras' order i, f, c, o along the last axis of {@code kernel (input, 4 *
 * units)}, {@code recurrent_kernel (units, 4 * units)} and {@code bias (4 * units)}:
 *
 * <pre>
 * z = x_t · kernel + h_{t-1} · recurrent_kernel + bias;  i, f, g, o = split(z, 4)
 * c_t = sigmoid(f) * c_{t-1} + sigmoid(i) * tanh(g);      h_t = sigmoid(o) * tanh(c_t)
 * </pre>
 *
 * (sigmoid is {@code recurrent_activation}, tanh is {@code activation}). Parameters: {@code 4 * (units * (input
 * + units) + units)}. States: {@code [h, c]}. Arguments, masking and initial states: see {@link RNN}.
 *
 * <pre>{@code
 * var rows = Input.of(28, 28);                                // an MNIST image as 28 steps of 28 pixels
 * var h = new LSTM(128).apply(rows);                          // (None, 128), 80,384 params
 * var all = new LSTM(16).returnSequences(true).returnState(true).applyAll(List.of(rows));  // seq, h, c
 * }</pre>
 */
public final class LSTM extends RNN<LSTM> {
  private boolean unitForgetBias = true;

  /** @param units dimensionality of the output space, &gt; 0 */
  public LSTM(int units) {
    super(units);
  }

  /** Rebuilds the layer from Keras' config. */
  public static LSTM fromConfig(Map<String, ?> config) {
    LSTM l = new LSTM(LayerConfigs.intArg(config, "units", "LSTM"));
    l.applyRnnConfig(config);
    LayerConfigs.ifPresent(config, "unit_forget_bias", v -> l.unitForgetBias((Boolean) v));
    return l;
  }

  /** Whether the forget gate's bias starts at 1 (Jozefowicz et al.); {@code true} by default, as Keras. */
  public LSTM unitForgetBias(boolean unitForgetBias) {
    checkConfigurable("unit_forget_bias");
    this.unitForgetBias = unitForgetBias;
    return this;
  }

  public boolean unitForgetBias() {
    return unitForgetBias;
  }

  @Override
  public int gates() {
    return 4;
  }

  @Override
  public int stateCount() {
    return 2;
  }

  @Override
  protected Initializer effectiveBiasInitializer() {
    return unitForgetBias ? new UnitForgetBias(biasInitializer(), units()) : biasInitializer();
  }

  @Override
  protected void putCellConfig(Map<String, Object> config) {
    config.put("unit_forget_bias", unitForgetBias);
  }

  /**
   * Keras' {@code unit_forget_bias} initializer: {@code concat(bias_initializer(units), ones(units),
   * bias_initializer(2 * units))}. Only the bias weight uses it; the layer config keeps {@code bias_initializer}.
   */
  private static final class UnitForgetBias implements Initializer {
    private final Initializer base;
    private final int units;

    UnitForgetBias(Initializer base, int units) {
      this.base = base;
      this.units = units;
    }

    @Override
    public float[] generate(Shape shape, RandomGenerator random) {
      float[] out = new float[4 * units];
      System.arraycopy(base.generate(Shape.of(units), random), 0, out, 0, units);
      java.util.Arrays.fill(out, units, 2 * units, 1f);
      System.arraycopy(base.generate(Shape.of(2L * units), random), 0, out, 2 * units, 2 * units);
      return out;
    }

    @Override
    public String className() {
      return base.className();
    }

    @Override
    public Map<String, Object> getConfig() {
      return new LinkedHashMap<>(base.getConfig());
    }
  }
}
