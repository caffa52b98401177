package io.jkeras.losses;

/**
 * Keras' {@code keras.losses.MeanSquaredError}: per sample {@code mean((y - p)²)} over the last axis.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss(new MeanSquaredError());
 * }</pre>
 */
public final class MeanSquaredError extends BaseLoss {
  public MeanSquaredError() {
    super("mean_squared_error");
  }
}
