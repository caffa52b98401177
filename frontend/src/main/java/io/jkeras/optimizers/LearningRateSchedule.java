package io.jkeras.optimizers;

import io.jkeras.saving.KerasSerializable;

/**
 * A learning rate as a function of the optimizer's step count (Keras'
 * {@code keras.optimizers.schedules.LearningRateSchedule}).
 */
public interface LearningRateSchedule extends KerasSerializable {
  /** The learning rate at a (0-based) step. */
  double at(long step);

  /** The learning rate at step 0. */
  default double initialLearningRate() {
    return at(0);
  }
}
