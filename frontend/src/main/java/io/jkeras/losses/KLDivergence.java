package io.jkeras.losses;

/**
 * Keras' {@code keras.losses.KLDivergence}: per sample {@code Σ y·log(y / p)} over the last axis, both clipped to
 * [1e-7, 1].
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss(new KLDivergence());
 * }</pre>
 */
public final class KLDivergence extends BaseLoss {
  public KLDivergence() {
    super("kl_divergence");
  }
}
