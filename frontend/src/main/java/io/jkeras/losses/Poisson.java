package io.jkeras.losses;

/**
 * Keras' {@code keras.losses.Poisson}: per sample {@code mean(p - y·log(p + 1e-7))} over the last axis.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss(new Poisson());
 * }</pre>
 */
public final class Poisson extends BaseLoss {
  public Poisson() {
    super("poisson");
  }
}
