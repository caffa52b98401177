package io.jkeras.losses;

/**
 * Keras' {@code keras.losses.CategoricalHinge}: per sample {@code max(max((1 - y)·p) - Σ y·p + 1, 0)}.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss(new CategoricalHinge());
 * }</pre>
 */
public final class CategoricalHinge extends BaseLoss {
  public CategoricalHinge() {
    super("categorical_hinge");
  }
}
