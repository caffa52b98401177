package io.jkeras.layers;

import io.jkeras.activations.Activations;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * What {@link SimpleRNN}, {@link LSTM} and {@link GRU} share (Keras' {@code RNN} layer with its built-in cells):
 * the arguments, the output shapes, the weights {@code kernel (input, k * units)}, {@code recurrent_kernel
 * (units, k * units)} and {@code bias}, masking and the config.
 *
 * <p>Input {@code (batch, timesteps, features)}. Output {@code (batch, units)}, or {@code (batch, timesteps,
 * units)} with {@code returnSequences(true)}; with {@code returnState(true)} the final states follow as more
 * outputs (take them with {@code applyAll}). Initial states are extra inputs after the sequence: {@code
 * lstm.apply(x, h0, c0)} is Keras' {@code lstm(x, initial_state=[h0, c0])}. A mask on the input (from {@link
 * Embedding} with {@code mask_zero} or {@link Masking}) makes the layer skip the masked steps: state and output
 * keep their previous values there, as in Keras.
 *
 * <p>{@code dropout} (of the inputs) and {@code recurrent_dropout} (of the state fed back) act in training only,
 * with one mask per sequence shared by all its steps, as Keras' {@code DropoutRNNCell}: LSTM and GRU draw one
 * mask per gate when {@code recurrent_dropout} is set (Keras' {@code implementation=1}), one input mask
 * otherwise.
 *
 * <p>The TensorFlow runtime unrolls the time loop, so the number of timesteps must be known. {@code stateful} is
 * not supported: {@code true} is an error naming the layer.
 *
 * @param <L> the concrete layer class
 */
public abstract class RNN<L extends RNN<L>> extends BaseLayer<L> {
  private final int units;
  private String activation = "tanh";
  private String recurrentActivation = "sigmoid";
  private boolean useBias = true;
  private Initializer kernelInitializer = Initializers.get("glorot_uniform");
  private Initializer recurrentInitializer = Initializers.get("orthogonal");
  private Initializer biasInitializer = Initializers.get("zeros");
  private Regularizer kernelRegularizer;
  private Regularizer recurrentRegularizer;
  private Regularizer biasRegularizer;
  private Regularizer activityRegularizer;
  private Constraint kernelConstraint;
  private Constraint recurrentConstraint;
  private Constraint biasConstraint;
  private Long seed;
  private double dropout;
  private double recurrentDropout;
  private boolean returnSequences;
  private boolean returnState;
  private boolean goBackwards;
  private boolean unroll;
  private boolean zeroOutputForMask;

  protected RNN(int units) {
    if (units <= 0) {
      throw new IllegalArgumentException(
          className() + ": argument 'units' must be a positive integer, got " + units);
    }
    this.units = units;
  }

  /** Number of gate blocks in the kernels: 1 (SimpleRNN), 4 (LSTM: i, f, c, o), 3 (GRU: z, r, h). */
  public abstract int gates();

  /** Number of state tensors, each {@code (batch, units)}: 2 for LSTM ({@code h}, {@code c}), else 1. */
  public int stateCount() {
    return 1;
  }

  // ---------------------------------------------------------------- arguments

  /** The output activation; {@code tanh} by default ({@code "linear"} for none). */
  public L activation(String activation) {
    checkConfigurable("activation");
    this.activation = Activations.canonical(activation, "Layer '" + nameForMessages() + "' (" + className() + ")");
    return self();
  }

  /** The gates' activation (LSTM, GRU); {@code sigmoid} by default. */
  public L recurrentActivation(String activation) {
    checkConfigurable("recurrent_activation");
    this.recurrentActivation =
        Activations.canonical(activation, "Layer '" + nameForMessages() + "' (" + className() + ")");
    return self();
  }

  public L useBias(boolean useBias) {
    checkConfigurable("use_bias");
    this.useBias = useBias;
    return self();
  }

  /** Initializer of {@code kernel}; {@code glorot_uniform} by default. */
  public L kernelInitializer(Initializer initializer) {
    checkConfigurable("kernel_initializer");
    this.kernelInitializer = Objects.requireNonNull(initializer, "kernel_initializer");
    return self();
  }

  public L kernelInitializer(String name) {
    return kernelInitializer(LayerConfigs.initializer(this, "kernel_initializer", name));
  }

  /** Initializer of {@code recurrent_kernel}; {@code orthogonal} by default. */
  public L recurrentInitializer(Initializer initializer) {
    checkConfigurable("recurrent_initializer");
    this.recurrentInitializer = Objects.requireNonNull(initializer, "recurrent_initializer");
    return self();
  }

  public L recurrentInitializer(String name) {
    return recurrentInitializer(LayerConfigs.initializer(this, "recurrent_initializer", name));
  }

  /** Initializer of {@code bias}; {@code zeros} by default. */
  public L biasInitializer(Initializer initializer) {
    checkConfigurable("bias_initializer");
    this.biasInitializer = Objects.requireNonNull(initializer, "bias_initializer");
    return self();
  }

  public L biasInitializer(String name) {
    return biasInitializer(LayerConfigs.initializer(this, "bias_initializer", name));
  }

  public L kernelRegularizer(Regularizer r) {
    checkConfigurable("kernel_regularizer");
    this.kernelRegularizer = r;
    return self();
  }

  public L recurrentRegularizer(Regularizer r) {
    checkConfigurable("recurrent_regularizer");
    this.recurrentRegularizer = r;
    return self();
  }

  public L biasRegularizer(Regularizer r) {
    checkConfigurable("bias_regularizer");
    this.biasRegularizer = r;
    return self();
  }

  /** A penalty on the layer's (first) output, added to the loss. */
  public L activityRegularizer(Regularizer r) {
    checkConfigurable("activity_regularizer");
    this.activityRegularizer = r;
    return self();
  }

  public L kernelConstraint(Constraint c) {
    checkConfigurable("kernel_constraint");
    this.kernelConstraint = c;
    return self();
  }

  public L recurrentConstraint(Constraint c) {
    checkConfigurable("recurrent_constraint");
    this.recurrentConstraint = c;
    return self();
  }

  public L biasConstraint(Constraint c) {
    checkConfigurable("bias_constraint");
    this.biasConstraint = c;
    return self();
  }

  /**
   * Fraction of the input features to drop in training, one mask per sequence; 0 by default. Clipped to [0, 1]
   * as Keras does (1 then drops nothing, as in Keras, whose cells apply dropout only for 0 &lt; rate &lt; 1).
   */
  public L dropout(double rate) {
    checkConfigurable("dropout");
    this.dropout = clip(rate, "dropout");
    return self();
  }

  /** Fraction of the recurrent state's units to drop in training, one mask per sequence; 0 by default. */
  public L recurrentDropout(double rate) {
    checkConfigurable("recurrent_dropout");
    this.recurrentDropout = clip(rate, "recurrent_dropout");
    return self();
  }

  private double clip(double rate, String argument) {
    if (Double.isNaN(rate)) {
      throw new IllegalArgumentException("Layer '" + nameForMessages() + "' (" + className() + "): argument '"
          + argument + "' is NaN");
    }
    return Math.min(1.0, Math.max(0.0, rate));
  }

  public double dropout() {
    return dropout;
  }

  public double recurrentDropout() {
    return recurrentDropout;
  }

  /** The seed of the dropout masks, if given. */
  public Optional<Long> seed() {
    return Optional.ofNullable(seed);
  }

  /** Stateful layers are not supported: only {@code false} (Keras' default). */
  public L stateful(boolean stateful) {
    return unsupported("stateful", stateful, !stateful);
  }

  private L unsupported(String argument, Object value, boolean isDefault) {
    checkConfigurable(argument);
    if (!isDefault) {
      throw new IllegalArgumentException("Layer '" + nameForMessages() + "' (" + className() + "): argument '"
          + argument + "' = " + value + " is not supported by jkeras");
    }
    return self();
  }

  /** The seed of the dropout masks ({@code null}: derived from the runtime's seed). */
  public L seed(Long seed) {
    checkConfigurable("seed");
    this.seed = seed;
    return self();
  }

  /** Whether to return the whole output sequence instead of the last output; {@code false} by default. */
  public L returnSequences(boolean returnSequences) {
    checkConfigurable("return_sequences");
    this.returnSequences = returnSequences;
    return self();
  }

  /** Whether to return the final states as more outputs; {@code false} by default. */
  public L returnState(boolean returnState) {
    checkConfigurable("return_state");
    this.returnState = returnState;
    return self();
  }

  /** Whether to process the sequence backwards (and return the reversed sequence); {@code false} by default. */
  public L goBackwards(boolean goBackwards) {
    checkConfigurable("go_backwards");
    this.goBackwards = goBackwards;
    return self();
  }

  /** Kept for the config: the TensorFlow runtime always unrolls (the C API cannot differentiate loops). */
  public L unroll(boolean unroll) {
    checkConfigurable("unroll");
    this.unroll = unroll;
    return self();
  }

  /**
   * Whether masked steps output zeros instead of the previous output (Keras' {@code zero_output_for_mask},
   * {@code false} by default; {@link Bidirectional} sets it to {@code return_sequences}).
   */
  public L zeroOutputForMask(boolean zeroOutputForMask) {
    checkConfigurable("zero_output_for_mask");
    this.zeroOutputForMask = zeroOutputForMask;
    return self();
  }

  // ---------------------------------------------------------------- getters

  public int units() {
    return units;
  }

  public String activation() {
    return activation;
  }

  public String recurrentActivation() {
    return recurrentActivation;
  }

  public boolean useBias() {
    return useBias;
  }

  public boolean returnSequences() {
    return returnSequences;
  }

  public boolean returnState() {
    return returnState;
  }

  public boolean goBackwards() {
    return goBackwards;
  }

  public boolean zeroOutputForMask() {
    return zeroOutputForMask;
  }

  public Optional<Regularizer> activityRegularizer() {
    return Optional.ofNullable(activityRegularizer);
  }

  protected Initializer biasInitializer() {
    return biasInitializer;
  }

  // ---------------------------------------------------------------- shapes and weights

  @Override
  public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
    if (inputShapes.size() != 1 && inputShapes.size() != 1 + stateCount()) {
      throw error("expects the sequence and optionally " + stateCount() + " initial state"
          + (stateCount() > 1 ? "s" : "") + ", got " + inputShapes.size() + " inputs: "
          + formatShapes(inputShapes));
    }
    Shape in = inputShapes.get(0);
    if (in.numDimensions() != 3) {
      throw error("expects an input of rank 3 (batch, timesteps, features), got shape " + Shapes.format(in));
    }
    long features = in.get(2);
    if (features == Shape.UNKNOWN_SIZE) {
      throw error("the last dimension of the input must be known, got shape " + Shapes.format(in));
    }
    if (isBuilt()) {
      long expected = buildInputShapes().get(0).get(2);
      if (expected != features) {
        throw error("expected axis -1 of the input to have value " + expected + " (the layer was built for "
            + Shapes.format(buildInputShapes().get(0)) + "), got shape " + Shapes.format(in));
      }
    }
    for (int i = 1; i < inputShapes.size(); i++) {
      Shape s = inputShapes.get(i);
      if (s.numDimensions() != 2 || s.get(1) != units) {
        throw error("initial state " + (i - 1) + " must have shape (batch, " + units + "), got "
            + Shapes.format(s));
      }
    }
    long batch = in.get(0);
    List<Shape> out = new ArrayList<>();
    out.add(returnSequences ? Shape.of(batch, in.get(1), units) : Shape.of(batch, units));
    if (returnState) {
      for (int i = 0; i < stateCount(); i++) {
        out.add(Shape.of(batch, units));
      }
    }
    return out;
  }

  @Override
  protected void build(List<Shape> inputShapes) {
    long in = inputShapes.get(0).get(2);
    int k = gates();
    addWeight("kernel", Shape.of(in, (long) k * units), kernelInitializer, kernelRegularizer, kernelConstraint,
        true);
    addWeight("recurrent_kernel", Shape.of(units, (long) k * units), recurrentInitializer, recurrentRegularizer,
        recurrentConstraint, true);
    if (useBias) {
      addWeight("bias", biasShape(), effectiveBiasInitializer(), biasRegularizer, biasConstraint, true);
    }
  }

  /** {@code (k * units)}; GRU with {@code reset_after} has two bias rows. */
  protected Shape biasShape() {
    return Shape.of((long) gates() * units);
  }

  /** The initializer the bias weight really gets (LSTM's {@code unit_forget_bias} adds ones). */
  protected Initializer effectiveBiasInitializer() {
    return biasInitializer;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  /** The sequence output keeps the input's mask with {@code return_sequences}; states carry none (Keras). */
  @Override
  public List<Optional<Shape>> computeMask(List<Shape> inputShapes, List<Optional<Shape>> inputMasks) {
    List<Optional<Shape>> out = new ArrayList<>();
    out.add(returnSequences ? inputMasks.get(0) : Optional.empty());
    if (returnState) {
      for (int i = 0; i < stateCount(); i++) {
        out.add(Optional.empty());
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- config

  /** Reads the arguments every recurrent layer shares back from Keras' config. */
  protected void applyRnnConfig(Map<String, ?> config) {
    applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "activation", v -> activation((String) v));
    if (config.containsKey("activation") && config.get("activation") == null) {
      activation("linear");
    }
    LayerConfigs.ifPresent(config, "recurrent_activation", v -> recurrentActivation((String) v));
    LayerConfigs.ifPresent(config, "use_bias", v -> useBias((Boolean) v));
    LayerConfigs.ifPresent(config, "kernel_initializer", v -> kernelInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "recurrent_initializer",
        v -> recurrentInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "bias_initializer", v -> biasInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "kernel_regularizer", v -> kernelRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "recurrent_regularizer",
        v -> recurrentRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "bias_regularizer", v -> biasRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "activity_regularizer",
        v -> activityRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "kernel_constraint", v -> kernelConstraint(LayerConfigs.constraint(v)));
    LayerConfigs.ifPresent(config, "recurrent_constraint",
        v -> recurrentConstraint(LayerConfigs.constraint(v)));
    LayerConfigs.ifPresent(config, "bias_constraint", v -> biasConstraint(LayerConfigs.constraint(v)));
    LayerConfigs.ifPresent(config, "dropout", v -> dropout(((Number) v).doubleValue()));
    LayerConfigs.ifPresent(config, "recurrent_dropout", v -> recurrentDropout(((Number) v).doubleValue()));
    LayerConfigs.ifPresent(config, "seed", v -> seed(((Number) v).longValue()));
    LayerConfigs.ifPresent(config, "return_sequences", v -> returnSequences((Boolean) v));
    LayerConfigs.ifPresent(config, "return_state", v -> returnState((Boolean) v));
    LayerConfigs.ifPresent(config, "go_backwards", v -> goBackwards((Boolean) v));
    LayerConfigs.ifPresent(config, "stateful", v -> stateful((Boolean) v));
    LayerConfigs.ifPresent(config, "unroll", v -> unroll((Boolean) v));
    LayerConfigs.ifPresent(config, "zero_output_for_mask", v -> zeroOutputForMask((Boolean) v));
  }

  /** Keras' RNN keys then the cell's, as {@code LSTM.get_config()} writes them. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("return_sequences", returnSequences);
    c.put("return_state", returnState);
    c.put("go_backwards", goBackwards);
    c.put("stateful", false);
    c.put("unroll", unroll);
    c.put("zero_output_for_mask", zeroOutputForMask);
    c.put("units", units);
    c.put("activation", activation);
    if (gates() > 1) {
      c.put("recurrent_activation", recurrentActivation);
    }
    c.put("use_bias", useBias);
    c.put("kernel_initializer", kernelInitializer);
    c.put("recurrent_initializer", recurrentInitializer);
    c.put("bias_initializer", biasInitializer);
    putCellConfig(c);
    c.put("kernel_regularizer", kernelRegularizer);
    c.put("recurrent_regularizer", recurrentRegularizer);
    c.put("bias_regularizer", biasRegularizer);
    c.put("activity_regularizer", activityRegularizer);
    c.put("kernel_constraint", kernelConstraint);
    c.put("recurrent_constraint", recurrentConstraint);
    c.put("bias_constraint", biasConstraint);
    c.put("dropout", dropout);
    c.put("recurrent_dropout", recurrentDropout);
    c.put("seed", seed);
    return c;
  }

  /** Cell-specific keys ({@code unit_forget_bias}, {@code reset_after}). */
  protected void putCellConfig(Map<String, Object> config) {}
}
