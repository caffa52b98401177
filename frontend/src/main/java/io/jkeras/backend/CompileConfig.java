package io.jkeras.backend;

import com.google.common.collect.ImmutableList;
import io.jkeras.losses.Loss;
import io.jkeras.metrics.Metric;
import io.jkeras.optimizers.Optimizer;
import java.util.List;
import java.util.Optional;

/**
 * {@link io.jkeras.Compile}'s arguments resolved against a model: the optimizer object, and for each model
 * output (in output order) its loss, loss weight and metrics, with strings already turned into objects and
 * {@code "accuracy"} resolved as Keras resolves it.
 *
 * @param optimizer the optimizer
 * @param outputs one entry per model output, in the model's output order
 * @param trainStep a training step written in ops that replaces the compiled one, or {@code null}
 */
public record CompileConfig(Optimizer optimizer, List<OutputConfig> outputs, io.jkeras.training.TrainStep trainStep) {

  public CompileConfig {
    outputs = ImmutableList.copyOf(outputs);
  }

  /** Compiled losses and metrics, no step of the user's own. */
  public CompileConfig(Optimizer optimizer, List<OutputConfig> outputs) {
    this(optimizer, outputs, null);
  }

  /** The training step of the user's own, if any ({@link io.jkeras.Compile#trainStep}). */
  public Optional<io.jkeras.training.TrainStep> customStep() {
    return Optional.ofNullable(trainStep);
  }

  /**
   * What is computed on one output.
   *
   * @param outputName the output's name (model output names), used as the log-name prefix when the model has
   *     several outputs
   * @param loss the loss, or {@code null} if this output takes no part in the loss
   * @param lossWeight the weight of this output's loss in the total loss
   * @param metrics the metrics of this output, in the order given
   */
  public record OutputConfig(String outputName, Loss loss, double lossWeight, List<Metric> metrics) {
    public OutputConfig {
      metrics = ImmutableList.copyOf(metrics);
    }

    public Optional<Loss> lossIfAny() {
      return Optional.ofNullable(loss);
    }
  }
}
