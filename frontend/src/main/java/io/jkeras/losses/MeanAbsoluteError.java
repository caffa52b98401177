package io.jkeras.losses;

/**
 * Keras' {@code keras.losses.MeanAbsoluteError}: per sample {@code mean(|y - p|)} over the last axis.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss(new MeanAbsoluteError());
 * }</pre>
 */
public final class MeanAbsoluteError extends BaseLoss {
  public MeanAbsoluteError() {
    super("mean_absolute_error");
  }
}
