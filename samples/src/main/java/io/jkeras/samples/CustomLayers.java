package io.jkeras.samples;

import io.jkeras.DType;
import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.layers.BaseLayer;
import io.jkeras.layers.Lambda;
import io.jkeras.layers.LayerRegistry;
import io.jkeras.losses.Loss;
import io.jkeras.losses.Losses;
import io.jkeras.metrics.Metrics;
import io.jkeras.metrics.StatefulMetric;
import io.jkeras.ops.Ops;
import io.jkeras.random.Random;
import io.jkeras.random.SeedGenerator;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Keras' guide "Making new layers and models via subclassing" in Java: the guide's layers, a loss and a metric
 * of one's own, each written in {@link Ops} with no TensorFlow code, plus {@code Dense} and {@code
 * LayerNormalization} written the same way to compare with the built-in layers. {@code jkeras custom-layer}
 * ({@link CustomLayerCommand}) assembles them into an MNIST classifier.
 *
 * <pre>{@code
 * CustomLayers.register();                  // once, before Model.load of a model that holds them
 * SymbolicTensor x = Input.of(28, 28, 1);
 * SymbolicTensor h = Lambda.of(CustomLayers.FLATTEN).apply(x);
 * SymbolicTensor y = new CustomLayers.Linear(10).apply(new CustomLayers.MlpBlock(64).apply(h));
 * }</pre>
 */
public final class CustomLayers {
  /** The registration package of the layers (Keras' {@code register_keras_serializable(package=...)}). */
  public static final String PACKAGE = "jkeras_samples";
  /** The registered name of the Lambda function that flattens 28x28x1 images to 784 pixels. */
  public static final String FLATTEN = "jkeras_samples.flatten_pixels";
  /** Pixels per MNIST image. */
  static final int PIXELS = 28 * 28;

  private CustomLayers() {}

  /**
   * Makes every class and function here known to {@code Model.load}/{@code Model.fromJson} (layers), {@code
   * Lambda.of} (the flatten function), {@code Losses.get} and {@code Metrics.fromConfig}; safe to call again.
   */
  public static void register() {
    LayerRegistry.registerSerializable(PACKAGE, Linear.class, Linear::fromConfig);
    LayerRegistry.registerSerializable(PACKAGE, MlpBlock.class, MlpBlock::fromConfig);
    LayerRegistry.registerSerializable(PACKAGE, ActivityRegularizationLayer.class,
        ActivityRegularizationLayer::fromConfig);
    LayerRegistry.registerSerializable(PACKAGE, CustomDropout.class, CustomDropout::fromConfig);
    Lambda.registerFunction(FLATTEN, xs -> Ops.reshape(xs.get(0), -1, PIXELS));
    Losses.register(SPARSE_CROSSENTROPY_FROM_LOGITS);
    Metrics.register(DigitAccuracy.class.getSimpleName(), DigitAccuracy::new);
  }

  private static int intConfig(Map<String, ?> config, String key) {
    if (!(config.get(key) instanceof Number n)) {
      throw new IllegalArgumentException("config: '" + key + "' must be a number, got " + config.get(key));
    }
    return n.intValue();
  }

  private static double doubleConfig(Map<String, ?> config, String key) {
    if (!(config.get(key) instanceof Number n)) {
      throw new IllegalArgumentException("config: '" + key + "' must be a number, got " + config.get(key));
    }
    return n.doubleValue();
  }

  /**
   * The guide's {@code Linear}: {@code y = x @ w + b}, weights created in {@code build} once the input size is
   * known (w drawn from {@code random_normal}, b zeros).
   */
  public static final class Linear extends BaseLayer<Linear> {
    private final int units;
    private Variable w;
    private Variable b;

    public Linear(int units) {
      if (units < 1) {
        throw new IllegalArgumentException("Linear: units must be > 0, got " + units);
      }
      this.units = units;
    }

    /** Rebuilds the layer from {@link #getConfig()} (Keras' {@code from_config}). */
    public static Linear fromConfig(Map<String, ?> config) {
      Linear l = new Linear(intConfig(config, "units"));
      l.applyBaseConfig(config);
      return l;
    }

    @Override
    protected void build(Shape inputShape) {
      long inputDim = inputShape.get(inputShape.numDimensions() - 1);
      w = addWeight("w", Shape.of(inputDim, units), "random_normal", true);
      b = addWeight("b", Shape.of(units), "zeros", true);
    }

    @Override
    public SymbolicTensor call(SymbolicTensor inputs) {
      return Ops.add(Ops.matmul(inputs, w), b);
    }

    @Override
    public Map<String, Object> getConfig() {
      Map<String, Object> c = super.getConfig();
      c.put("units", units);
      return c;
    }
  }

  /**
   * The guide's {@code MLPBlock}, a layer made of layers: {@code relu(linear_2(relu(linear_1(x))))}. The two
   * {@link Linear} sublayers are applied only inside {@code call}; their weights are the block's.
   */
  public static final class MlpBlock extends BaseLayer<MlpBlock> {
    private final int units;
    private final Linear linear1;
    private final Linear linear2;

    public MlpBlock(int units) {
      this.units = units;
      this.linear1 = new Linear(units);
      this.linear2 = new Linear(units);
    }

    public static MlpBlock fromConfig(Map<String, ?> config) {
      MlpBlock block = new MlpBlock(intConfig(config, "units"));
      block.applyBaseConfig(config);
      return block;
    }

    @Override
    public SymbolicTensor call(SymbolicTensor inputs) {
      SymbolicTensor x = Ops.relu(linear1.apply(inputs));
      return Ops.relu(linear2.apply(x));
    }

    @Override
    public Map<String, Object> getConfig() {
      Map<String, Object> c = super.getConfig();
      c.put("units", units);
      return c;
    }
  }

  /**
   * The guide's {@code ActivityRegularizationLayer}: passes its input through and adds {@code rate *
   * mean(inputs)} to the model's loss ({@code add_loss}); use it after a relu, where the mean is the mean
   * activation.
   */
  public static final class ActivityRegularizationLayer extends BaseLayer<ActivityRegularizationLayer> {
    private final double rate;

    public ActivityRegularizationLayer(double rate) {
      if (!(rate >= 0)) {
        throw new IllegalArgumentException("ActivityRegularizationLayer: rate must be >= 0, got " + rate);
      }
      this.rate = rate;
    }

    public static ActivityRegularizationLayer fromConfig(Map<String, ?> config) {
      ActivityRegularizationLayer l = new ActivityRegularizationLayer(doubleConfig(config, "rate"));
      l.applyBaseConfig(config);
      return l;
    }

    @Override
    public SymbolicTensor call(SymbolicTensor inputs) {
      addLoss(Ops.multiply(Ops.mean(inputs), rate));
      return inputs;
    }

    @Override
    public Map<String, Object> getConfig() {
      Map<String, Object> c = super.getConfig();
      c.put("rate", rate);
      return c;
    }
  }

  /**
   * The guide's {@code CustomDropout}: {@code keras.random.dropout} with a {@link SeedGenerator} while training
   * (fresh masks at every step, the same from run to run), the identity otherwise.
   */
  public static final class CustomDropout extends BaseLayer<CustomDropout> {
    private final double rate;
    private final SeedGenerator seedGenerator = new SeedGenerator(1337);

    public CustomDropout(double rate) {
      if (!(rate >= 0 && rate < 1)) {
        throw new IllegalArgumentException("CustomDropout: rate must be in [0, 1), got " + rate);
      }
      this.rate = rate;
    }

    public static CustomDropout fromConfig(Map<String, ?> config) {
      CustomDropout l = new CustomDropout(doubleConfig(config, "rate"));
      l.applyBaseConfig(config);
      return l;
    }

    @Override
    public SymbolicTensor call(SymbolicTensor inputs, boolean training) {
      return training ? Random.dropout(inputs, rate, seedGenerator) : inputs;
    }

    @Override
    public Map<String, Object> getConfig() {
      Map<String, Object> c = super.getConfig();
      c.put("rate", rate);
      return c;
    }
  }

  /**
   * A loss of one's own: sparse categorical cross-entropy on logits, {@code logsumexp(logits) - logits[label]}
   * per image. Its name starts with {@code sparse}, so it gets the class ids as they are given (as Keras passes
   * {@code y_true} to a loss function): float32 of shape (batch), or (batch, 1).
   */
  public static final Loss SPARSE_CROSSENTROPY_FROM_LOGITS = Loss.of("sparse_crossentropy_from_logits",
      (yTrue, logits) -> {
        int classes = (int) logits.shape().get(logits.rank() - 1);
        SymbolicTensor labels = Ops.oneHot(Ops.cast(classIds(yTrue, logits), DType.INT32), classes);
        return Ops.subtract(Ops.logsumexp(logits, -1, false), Ops.sum(Ops.multiply(labels, logits), -1));
      });

  /** Class ids of shape (batch): labels given as (batch, 1) lose their last axis, as Keras' sparse losses do. */
  static SymbolicTensor classIds(SymbolicTensor yTrue, SymbolicTensor scores) {
    return yTrue.rank() == scores.rank() ? Ops.squeeze(yTrue, -1) : yTrue;
  }

  /**
   * A stateful metric of one's own: the fraction of images whose largest logit is the label, counted over
   * the epoch in two state variables (weighted by the sample weights).
   */
  public static final class DigitAccuracy extends StatefulMetric {
    private final MetricVariable correct = addVariable("correct");
    private final MetricVariable count = addVariable("count");

    public DigitAccuracy() {
      super("digit_accuracy");
    }

    @Override
    public void updateState(SymbolicTensor yTrue, SymbolicTensor yPred, SymbolicTensor sampleWeight) {
      SymbolicTensor predicted = Ops.argmax(yPred, -1);
      SymbolicTensor labels = Ops.cast(classIds(yTrue, yPred), predicted.dtype());
      SymbolicTensor hits = Ops.cast(Ops.equal(predicted, labels), DType.FLOAT32);
      correct.assignAdd(Ops.sum(Ops.multiply(hits, sampleWeight)));
      count.assignAdd(Ops.sum(sampleWeight));
    }

    @Override
    public SymbolicTensor result() {
      return Ops.divide(correct.value(), Ops.maximum(count.value(), 1e-7));
    }
  }

  /** Keras' {@code Dense} written in ops: {@code activation(x @ kernel + bias)}, glorot_uniform and zeros. */
  public static final class OpsDense extends BaseLayer<OpsDense> {
    private final int units;
    private final boolean relu;
    private Variable kernel;
    private Variable bias;

    /** A Dense of {@code units} outputs, with a relu when {@code relu}, linear otherwise. */
    public OpsDense(int units, boolean relu) {
      this.units = units;
      this.relu = relu;
    }

    @Override
    protected void build(Shape inputShape) {
      long inputDim = inputShape.get(inputShape.numDimensions() - 1);
      kernel = addWeight("kernel", Shape.of(inputDim, units), "glorot_uniform", true);
      bias = addWeight("bias", Shape.of(units), "zeros", true);
    }

    @Override
    public SymbolicTensor call(SymbolicTensor inputs) {
      SymbolicTensor y = Ops.add(Ops.matmul(inputs, kernel), bias);
      return relu ? Ops.relu(y) : y;
    }
  }

  /**
   * Keras' {@code LayerNormalization} over the last axis written in ops: {@code gamma * (x - mean) /
   * sqrt(variance + 1e-3) + beta}.
   */
  public static final class OpsLayerNormalization extends BaseLayer<OpsLayerNormalization> {
    private Variable gamma;
    private Variable beta;

    @Override
    protected void build(Shape inputShape) {
      long features = inputShape.get(inputShape.numDimensions() - 1);
      gamma = addWeight("gamma", Shape.of(features), "ones", true);
      beta = addWeight("beta", Shape.of(features), "zeros", true);
    }

    @Override
    public SymbolicTensor call(SymbolicTensor inputs) {
      List<SymbolicTensor> meanAndVariance = Ops.moments(inputs, true, -1);
      return Ops.batchNormalization(inputs, meanAndVariance.get(0), meanAndVariance.get(1), -1, beta, gamma, 1e-3);
    }
  }
}
