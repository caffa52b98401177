package io.jkeras.layers;

import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.util.Shapes;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * Turns integer indices into dense vectors of size {@code output_dim} by looking them up in a trainable table of
 * shape {@code (input_dim, output_dim)} (Keras' {@code Embedding(input_dim, output_dim,
 * embeddings_initializer="uniform", embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False)}).
 * An input of shape {@code (batch, ...)} gives {@code (batch, ..., output_dim)}; float inputs are cast to
 * integers, as Keras does. Parameters: {@code input_dim * output_dim}.
 *
 * <p>With {@code maskZero(true)} index 0 is padding: the output carries a mask that is {@code false} where the
 * input is 0, which recurrent layers use to skip those steps (the vocabulary then needs {@code input_dim} =
 * real tokens + 1).
 *
 * <pre>{@code
 * var tokens = Input.of("tokens", DType.INT32, 20);
 * var x = new Embedding(10_000, 64).maskZero(true).apply(tokens);   // (None, 20, 64), 640,000 params
 * var y = new LSTM(32).apply(x);                                     // skips the padded steps
 * }</pre>
 */
public final class Embedding extends BaseLayer<Embedding> {
  private final int inputDim;
  private final int outputDim;
  private Initializer embeddingsInitializer = Initializers.get("uniform");
  private Regularizer embeddingsRegularizer;
  private Regularizer activityRegularizer;
  private Constraint embeddingsConstraint;
  private boolean maskZero;

  /**
   * @param inputDim size of the vocabulary: the largest index + 1, &gt; 0
   * @param outputDim size of each vector, &gt; 0
   */
  public Embedding(int inputDim, int outputDim) {
    if (inputDim <= 0 || outputDim <= 0) {
      throw new IllegalArgumentException("Embedding: arguments 'input_dim' and 'output_dim' must be positive"
          + " integers, got input_dim=" + inputDim + ", output_dim=" + outputDim);
    }
    this.inputDim = inputDim;
    this.outputDim = outputDim;
  }

  /** Rebuilds the layer from Keras' config. */
  public static Embedding fromConfig(Map<String, ?> config) {
    Embedding e = new Embedding(LayerConfigs.intArg(config, "input_dim", "Embedding"),
        LayerConfigs.intArg(config, "output_dim", "Embedding"));
    e.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "embeddings_initializer",
        v -> e.embeddingsInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "embeddings_regularizer",
        v -> e.embeddingsRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "activity_regularizer",
        v -> e.activityRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "embeddings_constraint",
        v -> e.embeddingsConstraint(LayerConfigs.constraint(v)));
    LayerConfigs.ifPresent(config, "mask_zero", v -> e.maskZero((Boolean) v));
    return e;
  }

  /** The initializer of the table; {@code "uniform"} (RandomUniform(-0.05, 0.05)) by default. */
  public Embedding embeddingsInitializer(Initializer initializer) {
    checkConfigurable("embeddings_initializer");
    this.embeddingsInitializer = Objects.requireNonNull(initializer, "embeddings_initializer");
    return this;
  }

  public Embedding embeddingsInitializer(String name) {
    return embeddingsInitializer(LayerConfigs.initializer(this, "embeddings_initializer", name));
  }

  public Embedding embeddingsRegularizer(Regularizer regularizer) {
    checkConfigurable("embeddings_regularizer");
    this.embeddingsRegularizer = regularizer;
    return this;
  }

  /** A penalty on the layer's output, added to the loss. */
  public Embedding activityRegularizer(Regularizer regularizer) {
    checkConfigurable("activity_regularizer");
    this.activityRegularizer = regularizer;
    return this;
  }

  public Embedding embeddingsConstraint(Constraint constraint) {
    checkConfigurable("embeddings_constraint");
    this.embeddingsConstraint = constraint;
    return this;
  }

  /** Whether index 0 is padding that later layers should skip; {@code false} by default. */
  public Embedding maskZero(boolean maskZero) {
    checkConfigurable("mask_zero");
    this.maskZero = maskZero;
    return this;
  }

  public int inputDim() {
    return inputDim;
  }

  public int outputDim() {
    return outputDim;
  }

  public boolean maskZero() {
    return maskZero;
  }

  public Optional<Regularizer> activityRegularizer() {
    return Optional.ofNullable(activityRegularizer);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    if (inputShape.numDimensions() < 1) {
      throw error("expects an input of rank >= 1 (batch, ...), got shape " + Shapes.format(inputShape));
    }
    long[] dims = new long[inputShape.numDimensions() + 1];
    System.arraycopy(inputShape.asArray(), 0, dims, 0, inputShape.numDimensions());
    dims[dims.length - 1] = outputDim;
    return Shape.of(dims);
  }

  @Override
  protected void build(Shape inputShape) {
    addWeight("embeddings", Shape.of(inputDim, outputDim), embeddingsInitializer, embeddingsRegularizer,
        embeddingsConstraint, true);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("input_dim", inputDim);
    c.put("output_dim", outputDim);
    c.put("embeddings_initializer", embeddingsInitializer);
    c.put("embeddings_regularizer", embeddingsRegularizer);
    c.put("activity_regularizer", activityRegularizer);
    c.put("embeddings_constraint", embeddingsConstraint);
    c.put("mask_zero", maskZero);
    return c;
  }
}
