package io.jkeras.losses;

/**
 * Keras' {@code keras.losses.MeanSquaredLogarithmicError}: per sample {@code mean((log(max(p, 1e-7) + 1) -
 * log(max(y, 1e-7) + 1))²)} over the last axis.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss(new MeanSquaredLogarithmicError());
 * }</pre>
 */
public final class MeanSquaredLogarithmicError extends BaseLoss {
  public MeanSquaredLogarithmicError() {
    super("mean_squared_logarithmic_error");
  }
}
