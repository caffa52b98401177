package io.jkeras.training;

import io.jkeras.DType;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.ops.Operation;
import io.jkeras.ops.Ops;
import io.jkeras.ops.TensorLike;
import io.jkeras.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link TrainStep} works with: the batch as symbolic tensors, the model, gradients (the role of Keras'
 * {@code GradientTape}) and optimizers. Made by the runtime each time it writes the step.
 */
public final class StepContext {
  private final Model model;
  private final List<SymbolicTensor> x;
  private final List<SymbolicTensor> y;
  private final boolean training;
  private final Optimizer optimizer;
  private final List<Update> updates = new ArrayList<>();

  /** One {@code applyGradients} call: which optimizer updates which weights with which gradients. */
  public record Update(Optimizer optimizer, List<SymbolicTensor> gradients, List<Variable> weights) {}

  /** For runtimes. */
  public StepContext(Model model, List<SymbolicTensor> x, List<SymbolicTensor> y, boolean training,
      Optimizer optimizer) {
    this.model = model;
    this.x = List.copyOf(x);
    this.y = List.copyOf(y);
    this.training = training;
    this.optimizer = optimizer;
  }

  /** The model being trained. */
  public Model model() {
    return model;
  }

  /** The batch's inputs, one per model input. */
  public List<SymbolicTensor> x() {
    return x;
  }

  /** Input {@code i} of the batch. */
  public SymbolicTensor x(int i) {
    return x.get(i);
  }

  /**
   * The batch's targets, one per model output (float32, the output's shape); only usable when {@code fit} is
   * given targets.
   */
  public List<SymbolicTensor> y() {
    return y;
  }

  /** Target {@code i} of the batch. */
  public SymbolicTensor y(int i) {
    return y.get(i);
  }

  /** True in training, false when the step runs for {@code evaluate} or validation. */
  public boolean training() {
    return training;
  }

  /** The compiled optimizer. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** The model's trainable weights (Keras' {@code model.trainable_weights}). */
  public List<Variable> trainableWeights() {
    return model.trainableWeights();
  }

  /**
   * The gradients of the scalar {@code loss} with respect to {@code weights} (Keras' {@code
   * tape.gradient(loss, weights)}); a weight the loss does not depend on gets zeros. In evaluation all are
   * zeros.
   */
  public List<SymbolicTensor> gradients(TensorLike loss, List<Variable> weights) {
    Objects.requireNonNull(loss, "loss");
    SymbolicTensor l = loss.symbolic();
    if (l.rank() != 0) {
      throw new IllegalArgumentException("gradients: the loss must be a scalar, got shape "
          + io.jkeras.util.Shapes.format(l.shape()) + "; reduce it with Ops.mean or Ops.sum");
    }
    List<Object> operands = new ArrayList<>();
    operands.add(l);
    for (Variable w : weights) {
      if (w.dtype() != DType.FLOAT32) {
        throw new IllegalArgumentException("gradients: weight '" + w.path() + "' is " + w.dtype().kerasName());
      }
      operands.add(w);
    }
    if (!training) {
      List<SymbolicTensor> zeros = new ArrayList<>();
      for (Variable w : weights) {
        zeros.add(Ops.zerosLike(w));
      }
      return zeros;
    }
    return Operation.apply("gradients", Map.of(), (shapes, dtypes, attrs) -> {
      List<Operation.Spec> out = new ArrayList<>();
      for (int i = 1; i < shapes.size(); i++) {
        out.add(new Operation.Spec(shapes.get(i), DType.FLOAT32));
      }
      return out;
    }, operands.toArray());
  }

  /** Applies {@code gradients} to {@code weights} with the compiled optimizer (Keras' {@code apply_gradients}). */
  public void applyGradients(List<SymbolicTensor> gradients, List<Variable> weights) {
    applyGradients(optimizer, gradients, weights);
  }

  /**
   * Applies {@code gradients} to {@code weights} with {@code optimizer} (a GAN's generator and discriminator
   * optimizers); each optimizer keeps its own slots. Nothing happens in evaluation.
   */
  public void applyGradients(Optimizer optimizer, List<SymbolicTensor> gradients, List<Variable> weights) {
    Objects.requireNonNull(optimizer, "optimizer");
    if (gradients.size() != weights.size()) {
      throw new IllegalArgumentException("applyGradients: " + gradients.size() + " gradients for " + weights.size()
          + " weights");
    }
    for (int i = 0; i < weights.size(); i++) {
      long[] g = gradients.get(i).shape().asArray();
      long[] w = weights.get(i).shape().asArray();
      if (!java.util.Arrays.equals(g, w)) {
        throw new IllegalArgumentException("applyGradients: the gradient of '" + weights.get(i).path() + "' has shape "
            + io.jkeras.util.Shapes.format(gradients.get(i).shape()) + ", the weight "
            + io.jkeras.util.Shapes.format(weights.get(i).shape()));
      }
    }
    if (training) {
      updates.add(new Update(optimizer, List.copyOf(gradients), List.copyOf(weights)));
    }
  }

  /** The {@code applyGradients} calls made so far, for runtimes. */
  public List<Update> updates() {
    return List.copyOf(updates);
  }

  /** Orders logs as given; a helper for steps that build them one by one. */
  public static Map<String, SymbolicTensor> logs(Object... nameValuePairs) {
    Map<String, SymbolicTensor> out = new LinkedHashMap<>();
    for (int i = 0; i < nameValuePairs.length; i += 2) {
      out.put((String) nameValuePairs[i], (SymbolicTensor) nameValuePairs[i + 1]);
    }
    return out;
  }
}
