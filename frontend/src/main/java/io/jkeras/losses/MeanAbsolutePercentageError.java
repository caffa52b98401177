package io.jkeras.losses;

/**
 * Keras' {@code keras.losses.MeanAbsolutePercentageError}: per sample {@code 100·mean(|y - p| / max(|y|, 1e-7))}
 * over the last axis.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss(new MeanAbsolutePercentageError());
 * }</pre>
 */
public final class MeanAbsolutePercentageError extends BaseLoss {
  public MeanAbsolutePercentageError() {
    super("mean_absolute_percentage_error");
  }
}
