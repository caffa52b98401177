package io.jkeras.training;

import io.jkeras.SymbolicTensor;
import java.util.Map;

/**
 * A training step of your own, written in ops (Keras' overridden {@code train_step}): compute losses from the
 * batch, take gradients, apply them with an optimizer, and return the values to log. {@code fit}, {@code
 * evaluate}, callbacks and the progress bar work unchanged around it; each logged value is shown as its mean
 * over the epoch so far (Keras' {@code Mean} trackers).
 *
 * <p>The step is written once and run as one graph per batch. It is also run with {@link StepContext#training()}
 * false for {@code evaluate} and validation (Keras' {@code test_step}): gradients are then zeros and {@code
 * applyGradients} does nothing. All gradients of a step are taken from the weights as they were when the step
 * began, and the optimizers apply them afterwards (a GAN's generator step therefore sees the discriminator
 * before, not after, the same step's update, unlike Keras' eager order).
 *
 * <pre>{@code
 * TrainStep vaeStep = step -> {
 *   var x = step.x(0);
 *   var enc = encoder.applyAll(List.of(x));          // z_mean, z_log_var, z
 *   var reconstruction = decoder.apply(enc.get(2));
 *   var rec = Ops.mean(Ops.sum(Losses.binaryCrossentropy(x, reconstruction), false, 1, 2));
 *   var kl = ...;
 *   var total = Ops.add(rec, kl);
 *   step.applyGradients(step.gradients(total, step.trainableWeights()), step.trainableWeights());
 *   return Map.of("loss", total, "reconstruction_loss", rec, "kl_loss", kl);
 * };
 * vae.compile(Compile.optimizer("adam").trainStep(vaeStep));
 * }</pre>
 */
@FunctionalInterface
public interface TrainStep {

  /**
   * Writes one step.
   *
   * @return scalars to log, by name, in display order (use a {@link java.util.LinkedHashMap} for an order)
   */
  Map<String, SymbolicTensor> step(StepContext step);
}
